import { NextResponse } from "next/server";
import { authenticateRequest } from "@/lib/auth/request";
import { apiErrorResponse } from "@/lib/auth/api-error-response";
import { releasePrivateSplit } from "@/lib/challenges/actions";
import { authorizeManageChallenge, findPhase } from "@/lib/challenges/access";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string; phase: string }> };

/** Release the phase's private split: its scores become visible to participants and the public. */
export async function POST(req: Request, { params }: Params) {
  try {
    const { slug, phase: phaseSlug } = await params;
    const viewer = await authenticateRequest(req);
    const facts = await authorizeManageChallenge(viewer, slug);
    const phase = await findPhase(facts.challengeId, phaseSlug);
    const result = await releasePrivateSplit(viewer.userId, facts.challengeId, phase.id);
    return NextResponse.json({ privateReleased: true, releasedAt: result.releasedAt, alreadyReleased: result.alreadyReleased });
  } catch (err) {
    return apiErrorResponse(err);
  }
}
