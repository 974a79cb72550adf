import { NextResponse } from "next/server";
import { authenticateRequest } from "@/lib/auth/request";
import { apiErrorResponse } from "@/lib/auth/api-error-response";
import { challengeOverviewJson } from "@/lib/challenges-public/api-views";
import { readJsonBody } from "@/lib/request-body";
import { challengeView, updateChallenge } from "@/lib/challenges/challenges";
import { withOrganizer, type RouteContext } from "@/lib/challenges/organizer-route";
import { challengePatchSchema } from "@/lib/challenges/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Update a challenge (organizers): any of slug, title, summary, description, rules, status, publicSubmissionPages; `organizers: [email]` adds co-organizers. */
export function PATCH(req: Request, ctx: RouteContext<{ slug: string }>) {
  return withOrganizer(req, ctx, async ({ viewer, facts }) => {
    const patch = await readJsonBody(req, challengePatchSchema);
    const challenge = await updateChallenge(viewer.userId, facts.challengeId, patch);
    return NextResponse.json(challengeView(challenge));
  });
}

/** A challenge as its page shows it: description, rules, phases (windows, quotas), counts. Drafts: organizers only (404). */
export async function GET(req: Request, ctx: RouteContext<{ slug: string }>) {
  try {
    const { slug } = await ctx.params;
    const viewer = await authenticateRequest(req);
    return NextResponse.json(await challengeOverviewJson(viewer, slug));
  } catch (err) {
    return apiErrorResponse(err);
  }
}
