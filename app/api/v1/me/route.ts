import { NextResponse } from "next/server";
import { apiErrorResponse } from "@/lib/auth/errors";
import { authenticateRequest } from "@/lib/auth/request";
import { requireSignedIn } from "@/lib/auth/require";
import { listTeamsOfUser } from "@/lib/teams";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Who am I: the account behind the token or session, with its teams. */
export async function GET(req: Request) {
  try {
    const viewer = requireSignedIn(await authenticateRequest(req), "see your account");
    return NextResponse.json({
      id: viewer.userId,
      email: viewer.email,
      role: viewer.role,
      canCreateChallenges: viewer.canCreateChallenges,
      teams: await listTeamsOfUser(viewer.userId),
    });
  } catch (err) {
    return apiErrorResponse(err);
  }
}
