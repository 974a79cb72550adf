import { NextResponse } from "next/server";
import { authenticateRequest } from "@/lib/auth/request";
import { canCancelSubmission } from "@/lib/auth/policy";
import { getSubmissionStatus } from "@/lib/submissions/status";
import { authorizeSubmissionAction } from "@/lib/submissions/authorize";
import { cancelSubmission } from "@/lib/submissions/cancel";
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

/** Cancel a queued or running submission (organizers). Same as POST .../cancel. */
export async function DELETE(req: Request, { params }: Params) {
  try {
    const { id } = await params;
    const viewer = await authenticateRequest(req);
    await authorizeSubmissionAction(viewer, id, canCancelSubmission, "cancel this submission");
    await cancelSubmission(id, { actorId: viewer.userId });
    return NextResponse.json(await getSubmissionStatus(viewer, id));
  } catch (err) {
    return submissionErrorResponse(err);
  }
}
