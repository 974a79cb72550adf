import { NextResponse } from "next/server";
import { authenticateRequest } from "@/lib/auth/request";
import { getSubmissionStatus } from "@/lib/submissions/status";
import { cancelSubmissionAs } from "@/lib/submissions/cancel";
import { readJsonBody } from "@/lib/request-body";
import { cancelBodySchema } from "@/lib/submissions/api-schemas";
import { submissionErrorResponse } from "@/lib/submissions/api-response";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/** Status, progress, error and scores of a submission (the submitting team and the organizers). */
export async function GET(req: Request, { params }: Params) {
  try {
    const { id } = await params;
    const viewer = await authenticateRequest(req);
    return NextResponse.json(await getSubmissionStatus(viewer, id), { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return submissionErrorResponse(err);
  }
}

/**
 * Cancel a submission: organizers a queued or running one (optional JSON body {"reason": "..."}, shown
 * to the team); the submitting team its own while it is queued. Same as POST .../cancel.
 */
export async function DELETE(req: Request, { params }: Params) {
  try {
    const { id } = await params;
    const viewer = await authenticateRequest(req);
    const { reason } = await readJsonBody(req, cancelBodySchema);
    await cancelSubmissionAs(viewer, id, reason);
    return NextResponse.json(await getSubmissionStatus(viewer, id));
  } catch (err) {
    return submissionErrorResponse(err);
  }
}
