import { NextResponse } from "next/server";
import { apiErrorResponse } from "@/lib/auth/errors";
import { authenticateRequest } from "@/lib/auth/request";
import { requireSignedIn } from "@/lib/auth/require";
import { createTeam, listTeamsOfUser } from "@/lib/teams";
import { readJsonBody } from "@/lib/request-body";
import { createTeamBodySchema } from "@/lib/api/request-schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Create a team owned by the caller: 201 {"slug", "name", "id"}. */
export async function POST(req: Request) {
  try {
    const viewer = requireSignedIn(await authenticateRequest(req), "create a team");
    const { name } = await readJsonBody(req, createTeamBodySchema);
    const team = await createTeam(viewer, { name });
    return NextResponse.json({ slug: team.slug, name: team.name, id: team.id }, { status: 201 });
  } catch (err) {
    return apiErrorResponse(err);
  }
}

/** The caller's teams. */
export async function GET(req: Request) {
  try {
    const viewer = requireSignedIn(await authenticateRequest(req), "list your teams");
    return NextResponse.json({ teams: await listTeamsOfUser(viewer.userId) });
  } catch (err) {
    return apiErrorResponse(err);
  }
}
