import { NextResponse } from "next/server";
import { reevaluatePhase } from "@/lib/challenges/actions";
import { currentEvalConfig } from "@/lib/challenges/eval-config";
import { withOrganizerPhase, type RouteContext } from "@/lib/challenges/organizer-route";
import { prisma } from "@/lib/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Re-evaluate every finished or failed submission of the phase with the current config version: 202
 * {"queued", "evalConfigVersion"}. While the phase is open: 409 phase_open unless ?override=true (audited).
 */
export function POST(req: Request, ctx: RouteContext<{ slug: string; phase: string }>) {
  return withOrganizerPhase(req, ctx, async ({ viewer, phase }) => {
    const override = new URL(req.url).searchParams.get("override") === "true";
    const queued = await reevaluatePhase(viewer.userId, phase.id, { override });
    const config = await currentEvalConfig(prisma, phase.id);
    return NextResponse.json({ queued, evalConfigVersion: config?.version ?? null }, { status: 202 });
  });
}
