import { NextResponse } from "next/server";
import { apiErrorResponse } from "@/lib/auth/errors";
import { authenticateRequest } from "@/lib/auth/request";
import { registerTeamForChallenge } from "@/lib/teams";
import { readJsonBody } from "@/lib/request-body";
import { registerBodySchema } from "@/lib/api/request-schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Register one of the caller's teams: 201 when registered now, 200 when it already was. */
export async function POST(req: Request, ctx: { params: Promise<{ slug: string }> }) {
  try {
    const { slug } = await ctx.params;
    const viewer = await authenticateRequest(req);
    const { team } = await readJsonBody(req, registerBodySchema);
    const registration = await registerTeamForChallenge(viewer, slug, team);
    return NextResponse.json(
      { challenge: slug, team, participantId: registration.participantId, created: registration.created },
      { status: registration.created ? 201 : 200 },
    );
  } catch (err) {
    return apiErrorResponse(err);
  }
}
