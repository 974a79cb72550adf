import { NextResponse } from "next/server";
import { readJsonBody } from "@/lib/request-body";
import { withOrganizer, type RouteContext } from "@/lib/challenges/organizer-route";
import { phaseView, upsertPhase } from "@/lib/challenges/phases";
import { phaseBodySchema } from "@/lib/challenges/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Create (201) or update (200) a phase; optional `split` and `evaluation` as in the YAML file. */
export function PUT(req: Request, ctx: RouteContext<{ slug: string; phase: string }>) {
  return withOrganizer(req, ctx, async ({ viewer, facts, params }) => {
    const body = await readJsonBody(req, phaseBodySchema);
    const result = await upsertPhase(viewer.userId, facts.challengeId, params.phase, body);
    return NextResponse.json(
      { ...phaseView(result.phase), evalConfigVersion: result.evalConfigVersion, resplit: result.split },
      { status: result.created ? 201 : 200 },
    );
  });
}
