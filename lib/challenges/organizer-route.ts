import "server-only";
import { apiErrorResponse } from "@/lib/auth/api-error-response";
import type { ChallengeFacts } from "@/lib/auth/policy";
import { authenticateRequest } from "@/lib/auth/request";
import type { Viewer } from "@/lib/auth/viewer";
import { authorizeManageChallenge, findPhase } from "./access";

/** The second argument Next passes to a route handler under /challenges/[slug]/... */
export type RouteContext<P extends { slug: string }> = { params: Promise<P> };

export type OrganizerContext<P extends { slug: string }> = { viewer: Viewer; facts: ChallengeFacts; params: P };
export type OrganizerPhaseContext<P extends { slug: string; phase: string }> = OrganizerContext<P> & {
  phase: Awaited<ReturnType<typeof findPhase>>;
};

/**
 * Runs an organizer API handler: authenticates the caller (Bearer token or session), checks
 * lib/auth's canManageChallenge for the challenge `[slug]` (401 / 403 / 404 for drafts) and turns
 * anything thrown into the API's error body.
 *   export const PATCH = (req: Request, ctx: RouteContext<{ slug: string }>) =>
 *     withOrganizer(req, ctx, async ({ viewer, facts }) => NextResponse.json(...));
 */
export async function withOrganizer<P extends { slug: string }>(
  req: Request,
  ctx: RouteContext<P>,
  handle: (organizer: OrganizerContext<P>) => Promise<Response>,
): Promise<Response> {
  try {
    const params = await ctx.params;
    const viewer = await authenticateRequest(req);
    const facts = await authorizeManageChallenge(viewer, params.slug);
    return await handle({ viewer, facts, params });
  } catch (err) {
    return apiErrorResponse(err);
  }
}

/** withOrganizer for a route under /phases/[phase]/ of an existing phase (404 when it does not exist). */
export function withOrganizerPhase<P extends { slug: string; phase: string }>(
  req: Request,
  ctx: RouteContext<P>,
  handle: (organizer: OrganizerPhaseContext<P>) => Promise<Response>,
): Promise<Response> {
  return withOrganizer(req, ctx, async (organizer) =>
    handle({ ...organizer, phase: await findPhase(organizer.facts.challengeId, organizer.params.phase) }),
  );
}
