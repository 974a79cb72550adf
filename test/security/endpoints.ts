// Every mutating route handler under app/api/v1, with a request that would change the database if
// authorization let it through. test/security/route-inventory.test.ts fails when a route handler
// exists that this table does not list, so a new endpoint cannot skip the HTTP checks.

/** Who would be allowed to make the request (used for the cross-site and revoked-token rows). */
export type Privileged = "admin" | "alphaOwner";

/** Actors refused by every row unless listed in `allowed`. */
export type Actor = "anonymous" | "stranger" | "otherTeam";

export type EndpointCase = {
  method: "POST" | "PUT" | "PATCH" | "DELETE";
  /** The route as app/ spells it, e.g. /api/v1/challenges/[slug]. */
  route: string;
  /** Fills in the route's parameters. */
  path: (ids: { slug: string; phase: string; submissionId: string }) => string;
  body: (ids: { alphaTeamSlug: string; strangerEmail: string; marker: string }) => { json?: unknown; raw?: string; multipart?: true };
  privileged: Privileged;
  /** Actors who may legitimately make this request (skipped for them). */
  allowed?: Actor[];
};

const phaseRoute = "/api/v1/challenges/[slug]/phases/[phase]";
const inAWeek = () => new Date(Date.now() + 7 * 86400_000).toISOString();
const yesterday = () => new Date(Date.now() - 86400_000).toISOString();

export const MUTATION_ENDPOINTS: EndpointCase[] = [
  {
    method: "POST",
    route: "/api/v1/admin/challenge-creators",
    path: () => "/api/v1/admin/challenge-creators",
    body: ({ strangerEmail }) => ({ json: { email: strangerEmail, allowed: true } }),
    privileged: "admin",
  },
  {
    method: "POST",
    route: "/api/v1/challenges",
    path: () => "/api/v1/challenges",
    body: ({ marker }) => ({ json: { slug: `sec-${marker}`, title: `Sec ${marker}` } }),
    privileged: "admin",
  },
  {
    method: "PATCH",
    route: "/api/v1/challenges/[slug]",
    path: ({ slug }) => `/api/v1/challenges/${slug}`,
    body: ({ marker }) => ({ json: { title: `Pwned ${marker}`, description: `<script>${marker}</script>` } }),
    privileged: "admin",
  },
  {
    method: "PUT",
    route: phaseRoute,
    path: ({ slug, phase }) => `/api/v1/challenges/${slug}/phases/${phase}`,
    body: ({ marker }) => ({ json: { name: `Pwned ${marker}`, startsAt: yesterday(), endsAt: inAWeek() } }),
    privileged: "admin",
  },
  {
    method: "PUT",
    route: `${phaseRoute}/eval-config`,
    path: ({ slug, phase }) => `/api/v1/challenges/${slug}/phases/${phase}/eval-config`,
    body: () => ({ json: { iouType: "bbox", iouThresholds: "pascal" } }),
    privileged: "admin",
  },
  {
    method: "PUT",
    route: `${phaseRoute}/ground-truth`,
    path: ({ slug, phase }) => `/api/v1/challenges/${slug}/phases/${phase}/ground-truth?confirm=true`,
    body: () => ({
      raw: JSON.stringify({
        images: [{ id: 1, width: 10, height: 10 }],
        annotations: [
          { id: 1, image_id: 1, category_id: 1, segmentation: [[0, 0, 5, 0, 5, 5]], area: 12.5, bbox: [0, 0, 5, 5], iscrowd: 0 },
        ],
        categories: [{ id: 1, name: "person" }],
      }),
    }),
    privileged: "admin",
  },
  {
    method: "POST",
    route: `${phaseRoute}/reevaluate`,
    // ?override=true: the seeded phase is open, and the safeguard would refuse the rightful caller too.
    path: ({ slug, phase }) => `/api/v1/challenges/${slug}/phases/${phase}/reevaluate?override=true`,
    body: () => ({}),
    privileged: "admin",
  },
  {
    method: "POST",
    route: `${phaseRoute}/release-private`,
    path: ({ slug, phase }) => `/api/v1/challenges/${slug}/phases/${phase}/release-private?override=true`,
    body: () => ({}),
    privileged: "admin",
  },
  {
    method: "POST",
    route: `${phaseRoute}/submissions`,
    path: ({ slug, phase }) => `/api/v1/challenges/${slug}/phases/${phase}/submissions`,
    body: () => ({ multipart: true }),
    privileged: "alphaOwner",
    // A registered team (another team than alpha) may submit its own results.
    allowed: ["otherTeam"],
  },
  {
    method: "POST",
    route: "/api/v1/challenges/[slug]/register",
    path: ({ slug }) => `/api/v1/challenges/${slug}/register`,
    // Registering someone else's team: never allowed to strangers.
    body: ({ alphaTeamSlug }) => ({ json: { team: alphaTeamSlug } }),
    privileged: "alphaOwner",
  },
  {
    method: "DELETE",
    route: "/api/v1/submissions/[id]",
    path: ({ submissionId }) => `/api/v1/submissions/${submissionId}`,
    body: () => ({}),
    privileged: "admin",
  },
  {
    method: "POST",
    route: "/api/v1/submissions/[id]/cancel",
    path: ({ submissionId }) => `/api/v1/submissions/${submissionId}/cancel`,
    body: () => ({}),
    privileged: "admin",
  },
  {
    method: "POST",
    route: "/api/v1/submissions/[id]/rerun",
    path: ({ submissionId }) => `/api/v1/submissions/${submissionId}/rerun`,
    body: () => ({}),
    privileged: "admin",
  },
  {
    method: "POST",
    route: "/api/v1/teams",
    path: () => "/api/v1/teams",
    body: ({ marker }) => ({ json: { name: `Sec Team ${marker}` } }),
    privileged: "alphaOwner",
    // Any signed-in user may create a team of their own.
    allowed: ["stranger", "otherTeam"],
  },
];

/** GET routes under /api/v1 (for the Bearer-token checks). */
export const READ_ENDPOINTS: { route: string; path: (ids: { slug: string; phase: string; submissionId: string }) => string }[] = [
  { route: "/api/v1/me", path: () => "/api/v1/me" },
  { route: "/api/v1/teams", path: () => "/api/v1/teams" },
  { route: "/api/v1/submissions/[id]", path: ({ submissionId }) => `/api/v1/submissions/${submissionId}` },
  { route: "/api/v1/submissions/[id]/file", path: ({ submissionId }) => `/api/v1/submissions/${submissionId}/file` },
  { route: "/api/v1/challenges/[slug]/definition", path: ({ slug }) => `/api/v1/challenges/${slug}/definition` },
  { route: `${phaseRoute}/leaderboard`, path: ({ slug, phase }) => `/api/v1/challenges/${slug}/phases/${phase}/leaderboard` },
  { route: "/api/v1/challenges", path: () => "/api/v1/challenges" },
  { route: "/api/v1/openapi.json", path: () => "/api/v1/openapi.json" },
  { route: "/api/v1/challenges/[slug]", path: ({ slug }) => `/api/v1/challenges/${slug}` },
  { route: `${phaseRoute}/submissions`, path: ({ slug, phase }) => `/api/v1/challenges/${slug}/phases/${phase}/submissions?mine=1` },
];

/** Route handlers outside /api/v1 that mutate and are covered elsewhere (next-auth has its own CSRF token). */
export const OTHER_MUTATING_ROUTES = ["POST /api/auth/[...nextauth]"];

/**
 * Every server action ("file#export", as the build's server-reference manifest names it) and what
 * refuses the wrong viewer. test/security/route-inventory.test.ts fails when an exported action is
 * missing here, so a new action is reviewed for authorization like a new route.
 */
export const SERVER_ACTIONS: Record<string, string> = {
  "app/admin/users/actions.ts#setChallengeCreationAction": "setChallengeCreationRight (canGrantChallengeCreation: site admins)",
  "app/settings/account/actions.ts#signOutEverywhereAction": "endAllSessions (canManageAccount: the account's owner only)",
  "app/settings/account/actions.ts#changePasswordAction": "changePassword (canManageAccount; the current password is checked)",
  "app/settings/tokens/actions.ts#createTokenAction": "requireSignedIn; the token is the viewer's own",
  "app/settings/tokens/actions.ts#revokeTokenAction": "revokeApiToken (canManageApiToken: owner only)",
  "app/teams/actions.ts#createTeamAction": "lib/teams createTeam (signed in)",
  "app/teams/actions.ts#createInviteAction": "lib/teams createInvite (team policy)",
  "app/teams/actions.ts#revokeInviteAction": "lib/teams revokeInvite (team policy)",
  "app/teams/actions.ts#removeMemberAction": "lib/teams removeMember (team policy)",
  "app/teams/actions.ts#transferOwnershipAction": "lib/teams transferOwnership (team policy)",
  "app/teams/actions.ts#leaveTeamAction": "lib/teams leaveTeam (members only)",
  "app/teams/actions.ts#registerAction": "lib/teams registerTeamForChallenge (participation policy)",
  "app/teams/actions.ts#joinTeamAction": "lib/teams joinTeamWithCode (signed in, valid code)",
  "app/c/[slug]/actions.ts#registerFromChallengePageAction": "lib/teams registerTeamForChallenge (participation policy)",
  "app/c/[slug]/my-submissions/actions.ts#saveFinalSelections": "setFinalSelections (submission policy)",
  "app/c/[slug]/my-submissions/actions.ts#cancelOwnSubmissionAction": "cancelSubmissionAs (canCancelSubmission: own team, queued)",
  "app/c/[slug]/my-submissions/actions.ts#hideSubmissionAction": "setSubmissionHidden (canHideSubmission: own team)",
  "app/c/[slug]/my-submissions/actions.ts#unhideSubmissionAction": "setSubmissionHidden (canHideSubmission: own team)",
  "app/c/[slug]/submissions/[id]/actions.ts#cancelFromPageAction":
    "cancelSubmissionAs (canCancelSubmission: organizers, own team while queued)",
  "app/c/[slug]/manage/actions.ts#createChallengeAction": "authorizeCreateChallenge",
  "app/c/[slug]/manage/actions.ts#updateChallengeAction": "organizerFormAction: authorizeManageChallenge",
  "app/c/[slug]/manage/actions.ts#setStatusAction": "organizerAction: authorizeManageChallenge",
  "app/c/[slug]/manage/actions.ts#addOrganizerAction": "organizerFormAction: authorizeManageChallenge",
  "app/c/[slug]/manage/actions.ts#savePhaseAction": "organizerFormAction: authorizeManageChallenge",
  "app/c/[slug]/manage/actions.ts#saveProtocolAction": "organizerFormAction: authorizeManageChallenge",
  "app/c/[slug]/manage/actions.ts#saveSplitAction": "organizerFormAction: authorizeManageChallenge",
  "app/c/[slug]/manage/actions.ts#reevaluatePhaseAction": "organizerAction: authorizeManageChallenge",
  "app/c/[slug]/manage/actions.ts#releasePrivateAction": "organizerAction: authorizeManageChallenge",
  "app/c/[slug]/manage/actions.ts#submissionAction": "organizerAction: authorizeManageChallenge",
  "app/c/[slug]/manage/actions.ts#teamAction": "organizerAction: authorizeManageChallenge",
  "app/c/[slug]/manage/actions.ts#releaseParticipationAction": "organizerAction + releaseHeldParticipation (canReleaseParticipation)",
};
