import { NextResponse } from "next/server";
import { authenticateRequest } from "@/lib/auth/request";
import { apiErrorResponse } from "@/lib/auth/api-error-response";
import { authorizeManageChallenge, findPhase } from "@/lib/challenges/access";
import { readJsonBody } from "@/lib/challenges/api";
import { evalConfigVersionStatus, saveEvalConfig } from "@/lib/challenges/eval-config";
import { evalConfigInputSchema, toProtocol } from "@/lib/challenges/protocol";
import { prisma } from "@/lib/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string; phase: string }> };

/**
 * Set the evaluation protocol (fields as in the YAML `evaluation:`; iouThresholds may be a preset
 * name coco | pascal | strict). A change creates a new config version; the answer lists the
 * submissions scored with an older one (POST .../reevaluate re-scores them).
 */
export async function PUT(req: Request, { params }: Params) {
  try {
    const { slug, phase: phaseSlug } = await params;
    const viewer = await authenticateRequest(req);
    const facts = await authorizeManageChallenge(viewer, slug);
    const phase = await findPhase(facts.challengeId, phaseSlug);
    const protocol = toProtocol(await readJsonBody(req, evalConfigInputSchema));
    const saved = await prisma.$transaction((tx) => saveEvalConfig(tx, { actorId: viewer.userId, challengeId: facts.challengeId, phaseId: phase.id, protocol }));
    const status = await evalConfigVersionStatus(phase.id);
    return NextResponse.json(
      { version: saved.version, created: saved.created, protocol, outdatedSubmissions: status.outdated.map((s) => ({ id: s.id, evalConfigVersion: s.evalConfigVersion })) },
      { status: saved.created ? 201 : 200 },
    );
  } catch (err) {
    return apiErrorResponse(err);
  }
}
