import { NextResponse } from "next/server";
import { authenticateRequest } from "@/lib/auth/request";
import { canRerunSubmission } from "@/lib/auth/policy";
import { getSubmissionStatus } from "@/lib/submissions/status";
import { authorizeSubmissionAction } from "@/lib/submissions/authorize";
import { rerunSubmission } from "@/lib/submissions/rerun";
import { submissionErrorResponse } from "@/lib/submissions/api-response";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Re-run a finished, failed or cancelled submission with the phase's current ground truth and protocol (organizers). */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const viewer = await authenticateRequest(req);
    await authorizeSubmissionAction(viewer, id, canRerunSubmission, "re-run this submission");
    await rerunSubmission(id, { actorId: viewer.userId });
    return NextResponse.json(await getSubmissionStatus(viewer, id), { status: 202 });
  } catch (err) {
    return submissionErrorResponse(err);
  }
}
