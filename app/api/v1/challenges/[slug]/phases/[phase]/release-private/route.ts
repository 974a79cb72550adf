import { NextResponse } from "next/server";
import { releasePrivateSplit } from "@/lib/challenges/actions";
import { withOrganizerPhase, type RouteContext } from "@/lib/challenges/organizer-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Release the phase's private split: its scores become visible to participants and the public.
 * While the phase is open: 409 phase_open unless ?override=true (recorded in the audit log).
 */
export function POST(req: Request, ctx: RouteContext<{ slug: string; phase: string }>) {
  return withOrganizerPhase(req, ctx, async ({ viewer, facts, phase }) => {
    const override = new URL(req.url).searchParams.get("override") === "true";
    const result = await releasePrivateSplit(viewer.userId, facts.challengeId, phase.id, { override });
    return NextResponse.json({ privateReleased: true, releasedAt: result.releasedAt, alreadyReleased: result.alreadyReleased });
  });
}
