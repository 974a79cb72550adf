import { NextResponse } from "next/server";
import { authenticateRequest } from "@/lib/auth/request";
import { apiErrorResponse } from "@/lib/auth/api-error-response";
import { authorizeManageChallenge } from "@/lib/challenges/access";
import { readJsonBody } from "@/lib/challenges/api";
import { challengeView, updateChallenge } from "@/lib/challenges/challenges";
import { challengePatchSchema } from "@/lib/challenges/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string }> };

/** Update a challenge (organizers): any of slug, title, summary, description, rules, status, publicSubmissionPages; `organizers: [email]` adds co-organizers. */
export async function PATCH(req: Request, { params }: Params) {
  try {
    const { slug } = await params;
    const viewer = await authenticateRequest(req);
    const facts = await authorizeManageChallenge(viewer, slug);
    const patch = await readJsonBody(req, challengePatchSchema);
    const challenge = await updateChallenge(viewer.userId, facts.challengeId, patch);
    return NextResponse.json(challengeView(challenge));
  } catch (err) {
    return apiErrorResponse(err);
  }
}
