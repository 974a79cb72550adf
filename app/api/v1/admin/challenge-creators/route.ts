import { NextResponse } from "next/server";
import { setChallengeCreationRight } from "@/lib/auth/challenge-creators";
import { apiErrorResponse } from "@/lib/auth/errors";
import { authenticateRequest } from "@/lib/auth/request";
import { readJsonBody } from "@/lib/request-body";
import { challengeCreatorBodySchema } from "@/lib/api/request-schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Site admins: `POST {"email", "allowed"?}` grants (or revokes) the right to create challenges. */
export async function POST(req: Request) {
  try {
    const viewer = await authenticateRequest(req);
    const { email, allowed } = await readJsonBody(req, challengeCreatorBodySchema);
    return NextResponse.json(await setChallengeCreationRight(viewer, email, allowed));
  } catch (err) {
    return apiErrorResponse(err);
  }
}
