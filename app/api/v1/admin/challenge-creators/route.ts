import { NextResponse } from "next/server";
import { z } from "zod";
import { setChallengeCreationRight } from "@/lib/auth/challenge-creators";
import { apiErrorResponse } from "@/lib/auth/errors";
import { authenticateRequest } from "@/lib/auth/request";
import { readJsonBody } from "@/lib/request-body";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const body = z.object({
  email: z.string({ error: 'give the user\'s "email"' }),
  allowed: z.boolean({ error: '"allowed" must be true (grant) or false (revoke)' }).default(true),
});

/** Site admins: `POST {"email", "allowed"?}` grants (or revokes) the right to create challenges. */
export async function POST(req: Request) {
  try {
    const viewer = await authenticateRequest(req);
    const { email, allowed } = await readJsonBody(req, body);
    return NextResponse.json(await setChallengeCreationRight(viewer, email, allowed));
  } catch (err) {
    return apiErrorResponse(err);
  }
}
