import { NextResponse } from "next/server";
import { readJsonBody } from "@/lib/request-body";
import { evalConfigVersionStatus, saveEvalConfig } from "@/lib/challenges/eval-config";
import { withOrganizerPhase, type RouteContext } from "@/lib/challenges/organizer-route";
import { evalConfigInputSchema, toProtocol } from "@/lib/challenges/protocol";
import { prisma } from "@/lib/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Set the evaluation protocol (fields as in the YAML `evaluation:`; iouThresholds may be a preset
 * name coco | pascal | strict). A change creates a new config version; the answer lists the
 * submissions scored with an older one (POST .../reevaluate re-scores them).
 */
export function PUT(req: Request, ctx: RouteContext<{ slug: string; phase: string }>) {
  return withOrganizerPhase(req, ctx, async ({ viewer, facts, phase }) => {
    const protocol = toProtocol(await readJsonBody(req, evalConfigInputSchema));
    const saved = await prisma.$transaction((tx) =>
      saveEvalConfig(tx, { actorId: viewer.userId, challengeId: facts.challengeId, phaseId: phase.id, protocol }),
    );
    const status = await evalConfigVersionStatus(phase.id);
    return NextResponse.json(
      {
        version: saved.version,
        created: saved.created,
        protocol,
        outdatedSubmissions: status.outdated.map((s) => ({ id: s.id, evalConfigVersion: s.evalConfigVersion })),
      },
      { status: saved.created ? 201 : 200 },
    );
  });
}
