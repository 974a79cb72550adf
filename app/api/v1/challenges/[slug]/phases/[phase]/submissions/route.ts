import { NextResponse } from "next/server";
import { authenticateRequest } from "@/lib/auth/request";
import { createSubmission } from "@/lib/submissions/create-submission";
import { submissionErrorResponse } from "@/lib/submissions/api-response";
import { teamSubmissionsJson } from "@/lib/leaderboard/team-submissions";
import { mySubmissionsQuerySchema, queryObject } from "@/lib/api/request-schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string; phase: string }> };

/**
 * Upload a results file: multipart/form-data with `file` (.json, .json.gz or .zip) and an optional
 * `description`. 202 {"id","status":"QUEUED"}; 422 with the reasons when the file fails validation
 * (the FAILED submission is kept and visible); 403 outside the phase window; 429 over quota.
 */
export async function POST(req: Request, { params }: Params) {
  try {
    const { slug, phase } = await params;
    const viewer = await authenticateRequest(req);
    const created = await createSubmission(viewer, { challengeSlug: slug, phaseSlug: phase }, req);
    if (created.error) {
      return NextResponse.json({ id: created.id, status: created.status, error: created.error }, { status: 422 });
    }
    return NextResponse.json(
      { id: created.id, status: created.status },
      { status: 202, headers: { Location: `/api/v1/submissions/${created.id}` } },
    );
  } catch (err) {
    return submissionErrorResponse(err);
  }
}

/** Your team's submissions in this phase, newest first: `?mine=1&page=1&pageSize=20` (at most 100 a page). */
export async function GET(req: Request, { params }: Params) {
  try {
    const { slug, phase } = await params;
    const viewer = await authenticateRequest(req);
    const query = mySubmissionsQuerySchema.parse(queryObject(req));
    return NextResponse.json(await teamSubmissionsJson(viewer, slug, phase, query.page, query.pageSize), {
      headers: { "Cache-Control": "no-store" },
    });
  } catch (err) {
    return submissionErrorResponse(err);
  }
}
