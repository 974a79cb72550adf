import { NextResponse } from "next/server";
import { authenticateRequest } from "@/lib/auth/request";
import { apiErrorResponse } from "@/lib/auth/api-error-response";
import { reevaluatePhase } from "@/lib/challenges/actions";
import { authorizeManageChallenge, findPhase } from "@/lib/challenges/access";
import { currentEvalConfig } from "@/lib/challenges/eval-config";
import { prisma } from "@/lib/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string; phase: string }> };

/** Re-evaluate every finished or failed submission of the phase with the current config version: 202 {"queued", "evalConfigVersion"}. */
export async function POST(req: Request, { params }: Params) {
  try {
    const { slug, phase: phaseSlug } = await params;
    const viewer = await authenticateRequest(req);
    const facts = await authorizeManageChallenge(viewer, slug);
    const phase = await findPhase(facts.challengeId, phaseSlug);
    const queued = await reevaluatePhase(viewer.userId, phase.id);
    const config = await currentEvalConfig(prisma, phase.id);
    return NextResponse.json({ queued, evalConfigVersion: config?.version ?? null }, { status: 202 });
  } catch (err) {
    return apiErrorResponse(err);
  }
}
