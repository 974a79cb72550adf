import { NextResponse } from "next/server";
import { authenticateRequest } from "@/lib/auth/request";
import { apiErrorResponse } from "@/lib/auth/api-error-response";
import { authorizeCreateChallenge } from "@/lib/challenges/access";
import { readJsonBody } from "@/lib/request-body";
import { challengeView, createChallenge } from "@/lib/challenges/challenges";
import { challengeFieldsSchema } from "@/lib/challenges/schemas";
import { challengeListJson } from "@/lib/challenges-public/api-views";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Create a challenge (admins or users with the create right): 201 with the challenge; the caller becomes its organizer. */
export async function POST(req: Request) {
  try {
    const viewer = await authenticateRequest(req);
    authorizeCreateChallenge(viewer);
    const fields = await readJsonBody(req, challengeFieldsSchema);
    const challenge = await createChallenge(viewer.userId, fields);
    return NextResponse.json(challengeView(challenge), { status: 201, headers: { Location: `/api/v1/challenges/${challenge.slug}` } });
  } catch (err) {
    return apiErrorResponse(err);
  }
}

/** Published and archived challenges (never drafts), as the home page lists them. */
export async function GET(req: Request) {
  try {
    await authenticateRequest(req);
    return NextResponse.json(await challengeListJson());
  } catch (err) {
    return apiErrorResponse(err);
  }
}
