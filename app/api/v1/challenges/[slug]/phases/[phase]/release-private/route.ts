import { NextResponse } from "next/server";
import { releasePrivateSplit } from "@/lib/challenges/actions";
import { withOrganizerPhase, type RouteContext } from "@/lib/challenges/organizer-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Release the phase's private split: its scores become visible to participants and the public. */
export function POST(req: Request, ctx: RouteContext<{ slug: string; phase: string }>) {
  return withOrganizerPhase(req, ctx, async ({ viewer, facts, phase }) => {
    const result = await releasePrivateSplit(viewer.userId, facts.challengeId, phase.id);
    return NextResponse.json({ privateReleased: true, releasedAt: result.releasedAt, alreadyReleased: result.alreadyReleased });
  });
}
