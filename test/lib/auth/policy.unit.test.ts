import { describe, expect, it } from "vitest";
import * as policy from "@/lib/auth/policy";
import type { ChallengeFacts, ChallengeStatus, TeamFacts } from "@/lib/auth/policy";
import { anonymousViewer, type Viewer } from "@/lib/auth/viewer";
import { challengeFacts, signedInViewer } from "./policy-fixtures";

// Every role a viewer can have towards one challenge / team / token, and the facts that go with it.
const roles = ["anonymous", "user", "creator", "participant", "disqualified", "otherOrganizer", "organizer", "admin"] as const;
type Role = (typeof roles)[number];
const statuses: ChallengeStatus[] = ["DRAFT", "PUBLISHED", "ARCHIVED"];

function viewerFor(role: Role): Viewer {
  if (role === "anonymous") return anonymousViewer;
  return signedInViewer(role, { role: role === "admin" ? "ADMIN" : "USER", canCreateChallenges: role === "creator" });
}

function challengeFor(role: Role, status: ChallengeStatus): ChallengeFacts {
  const participates = role === "participant" || role === "disqualified";
  return challengeFacts({
    status,
    isOrganizer: role === "organizer",
    isAdmin: role === "admin",
    participantId: participates ? "p1" : null,
    participantTeamId: participates ? "t1" : null,
    isDisqualified: role === "disqualified",
  });
}

const everyone = new Set<Role>(roles);
const managers = new Set<Role>(["organizer", "admin"]);
const nobody = new Set<Role>();

type ChallengeRule = { action: string; allowed: (status: ChallengeStatus) => Set<Role>; check: (v: Viewer, c: ChallengeFacts) => boolean };
const challengeRules: ChallengeRule[] = [
  { action: "view challenge", allowed: (s) => (s === "DRAFT" ? managers : everyone), check: policy.canViewChallenge },
  { action: "view phase", allowed: (s) => (s === "DRAFT" ? managers : everyone), check: policy.canViewPhase },
  { action: "manage challenge", allowed: () => managers, check: policy.canManageChallenge },
  { action: "manage phase", allowed: () => managers, check: policy.canManagePhase },
  { action: "manage ground truth", allowed: () => managers, check: policy.canManageGroundTruth },
  { action: "view ground-truth summary", allowed: () => managers, check: policy.canViewGroundTruthSummary },
  { action: "download ground truth", allowed: () => nobody, check: policy.canDownloadGroundTruth },
  { action: "view participants", allowed: () => managers, check: policy.canViewChallengeParticipants },
  {
    action: "be an active participant",
    allowed: () => new Set<Role>(["participant"]),
    check: policy.isActiveParticipant,
  },
];

describe("challenge policy: every (role x status x action)", () => {
  for (const rule of challengeRules) {
    for (const status of statuses) {
      for (const role of roles) {
        const expected = rule.allowed(status).has(role);
        it(`${role} ${expected ? "may" : "may not"} ${rule.action} (${status})`, () => {
          expect(rule.check(viewerFor(role), challengeFor(role, status))).toBe(expected);
        });
      }
    }
  }
});

describe("site-wide rights", () => {
  const cases: [string, (v: Viewer) => boolean, Set<Role>][] = [
    ["create a challenge", policy.canCreateChallenge, new Set<Role>(["creator", "admin"])],
    ["grant the right to create challenges", policy.canGrantChallengeCreation, new Set<Role>(["admin"])],
    ["create a team", policy.canCreateTeam, new Set(roles.filter((r) => r !== "anonymous"))],
    ["create an API token", policy.canCreateApiToken, new Set(roles.filter((r) => r !== "anonymous"))],
  ];
  for (const [action, check, allowed] of cases) {
    for (const role of roles) {
      it(`${role} ${allowed.has(role) ? "may" : "may not"} ${action}`, () => {
        expect(check(viewerFor(role))).toBe(allowed.has(role));
      });
    }
  }
});

// Team roles: the viewer's relation to one team.
const teamRoles = ["anonymous", "outsider", "member", "owner", "admin"] as const;
type TeamRole = (typeof teamRoles)[number];
function teamViewer(role: TeamRole): Viewer {
  if (role === "anonymous") return anonymousViewer;
  return { userId: `u-${role}`, email: `${role}@example.test`, role: role === "admin" ? "ADMIN" : "USER", canCreateChallenges: false };
}
function teamFor(role: TeamRole): TeamFacts {
  return { teamId: "t1", viewerRole: role === "owner" ? "OWNER" : role === "member" ? "MEMBER" : null };
}

describe("team policy: every (role x action)", () => {
  const cases: [string, (v: Viewer, t: TeamFacts) => boolean, TeamRole[]][] = [
    ["view the public profile", policy.canViewTeamPublicProfile, [...teamRoles]],
    ["view private data (members, invites, submissions)", policy.canViewTeamPrivateData, ["member", "owner", "admin"]],
    ["manage (invite, remove, transfer, register)", policy.canManageTeam, ["owner"]],
    ["leave", policy.canLeaveTeam, ["member", "owner"]],
    ["join with an invite", policy.canJoinTeam, ["outsider", "admin"]],
  ];
  for (const [action, check, allowed] of cases) {
    for (const role of teamRoles) {
      const expected = allowed.includes(role);
      it(`${role} ${expected ? "may" : "may not"} ${action}`, () => {
        expect(check(teamViewer(role), teamFor(role))).toBe(expected);
      });
    }
  }
});

describe("registration policy: (challenge role x team role x status)", () => {
  for (const status of statuses) {
    for (const role of ["anonymous", "user", "participant", "organizer", "admin"] as const) {
      for (const teamRole of ["OWNER", "MEMBER", null] as const) {
        const expected = status === "PUBLISHED" && role !== "anonymous" && role !== "participant" && teamRole === "OWNER";
        it(`${role} (team ${teamRole ?? "outsider"}) ${expected ? "may" : "may not"} register in a ${status} challenge`, () => {
          const team: TeamFacts = { teamId: "t2", viewerRole: role === "anonymous" ? null : teamRole };
          expect(policy.canRegisterTeam(viewerFor(role), challengeFor(role, status), team)).toBe(expected);
        });
      }
    }
  }
});

describe("token policy", () => {
  const owner = viewerFor("user");
  const cases: [string, Viewer, boolean][] = [
    ["its owner", owner, true],
    ["another user", viewerFor("participant"), false],
    ["a site admin", viewerFor("admin"), false],
    ["an anonymous viewer", anonymousViewer, false],
  ];
  for (const [who, viewer, expected] of cases) {
    it(`${who} ${expected ? "may" : "may not"} manage a token`, () => {
      expect(policy.canManageApiToken(viewer, { ownerId: owner.userId! })).toBe(expected);
    });
  }
});
