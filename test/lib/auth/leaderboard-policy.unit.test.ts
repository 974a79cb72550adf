import { describe, expect, it } from "vitest";
import {
  canSelectFinalEntries,
  canViewLeaderboard,
  canViewPrivateLeaderboard,
  canViewSubmissionPage,
  type ChallengeFacts,
  type ChallengeStatus,
  type LeaderboardPhaseFacts,
  type LeaderboardVisibilityValue,
} from "@/lib/auth/policy";
import { anonymousViewer, type Viewer } from "@/lib/auth/viewer";
import { challengeFacts, signedInViewer } from "./policy-fixtures";

const roles = ["anonymous", "user", "participant", "otherTeam", "organizer", "admin"] as const;
type Role = (typeof roles)[number];

function viewerFor(role: Role): Viewer {
  return role === "anonymous" ? anonymousViewer : signedInViewer(role, { role: role === "admin" ? "ADMIN" : "USER" });
}

function challengeFor(role: Role, status: ChallengeStatus): ChallengeFacts {
  const teamId = role === "participant" ? "team-1" : role === "otherTeam" ? "team-2" : null;
  return challengeFacts({
    status,
    isOrganizer: role === "organizer",
    isAdmin: role === "admin",
    participantId: teamId ? `p-${teamId}` : null,
    participantTeamId: teamId,
  });
}

const now = new Date("2026-06-01T00:00:00Z");
function phase(visibility: LeaderboardVisibilityValue, release: "no" | "released" | "auto-ended" | "auto-running"): LeaderboardPhaseFacts {
  return {
    leaderboardVisibility: visibility,
    privateReleased: release === "released",
    autoReleasePrivate: release.startsWith("auto"),
    endsAt: release === "auto-ended" ? new Date("2026-05-01T00:00:00Z") : new Date("2026-07-01T00:00:00Z"),
  };
}

const all = new Set<Role>(roles);
const managers = new Set<Role>(["organizer", "admin"]);
const participantsAndManagers = new Set<Role>(["participant", "otherTeam", "organizer", "admin"]);

describe("leaderboard visibility", () => {
  const cases: { status: ChallengeStatus; visibility: LeaderboardVisibilityValue; allowed: Set<Role> }[] = [
    { status: "PUBLISHED", visibility: "PUBLIC", allowed: all },
    { status: "ARCHIVED", visibility: "PUBLIC", allowed: all },
    { status: "PUBLISHED", visibility: "PARTICIPANTS", allowed: participantsAndManagers },
    { status: "PUBLISHED", visibility: "HIDDEN", allowed: managers },
    { status: "DRAFT", visibility: "PUBLIC", allowed: managers },
  ];
  for (const c of cases) {
    for (const role of roles) {
      const expected = c.allowed.has(role);
      it(`${c.status} ${c.visibility}: ${role} ${expected ? "sees" : "does not see"} the leaderboard`, () => {
        expect(canViewLeaderboard(viewerFor(role), challengeFor(role, c.status), phase(c.visibility, "no"))).toBe(expected);
      });
    }
  }
});

describe("private split", () => {
  const cases: { release: Parameters<typeof phase>[1]; allowed: Set<Role> }[] = [
    { release: "no", allowed: managers },
    { release: "auto-running", allowed: managers },
    { release: "auto-ended", allowed: all },
    { release: "released", allowed: all },
  ];
  for (const c of cases) {
    for (const role of roles) {
      const expected = c.allowed.has(role);
      it(`${c.release}: ${role} ${expected ? "sees" : "does not see"} private numbers`, () => {
        expect(canViewPrivateLeaderboard(viewerFor(role), challengeFor(role, "PUBLISHED"), phase("PUBLIC", c.release), now)).toBe(expected);
      });
    }
  }

  it("stays hidden from participants of a hidden leaderboard even once released", () => {
    expect(
      canViewPrivateLeaderboard(viewerFor("participant"), challengeFor("participant", "PUBLISHED"), phase("HIDDEN", "released"), now),
    ).toBe(false);
  });
});

describe("submission pages", () => {
  const p = phase("PUBLIC", "no");
  function can(role: Role, opts: { isRankedEntry: boolean; publicSubmissionPages: boolean; status?: ChallengeStatus }) {
    return canViewSubmissionPage(viewerFor(role), challengeFor(role, opts.status ?? "PUBLISHED"), p, {
      teamId: "team-1",
      isRankedEntry: opts.isRankedEntry,
      publicSubmissionPages: opts.publicSubmissionPages,
    });
  }

  it("are open to the team and organizers, whatever the entry", () => {
    for (const role of ["participant", "organizer", "admin"] as const)
      expect(can(role, { isRankedEntry: false, publicSubmissionPages: false })).toBe(true);
    for (const role of ["anonymous", "user", "otherTeam"] as const)
      expect(can(role, { isRankedEntry: false, publicSubmissionPages: true })).toBe(false);
  });

  it("are public for ranked entries only when the challenge allows it", () => {
    for (const role of ["anonymous", "user", "otherTeam"] as const) {
      expect(can(role, { isRankedEntry: true, publicSubmissionPages: true })).toBe(true);
      expect(can(role, { isRankedEntry: true, publicSubmissionPages: false })).toBe(false);
      expect(can(role, { isRankedEntry: true, publicSubmissionPages: true, status: "DRAFT" })).toBe(false);
    }
  });
});

describe("final entry selection", () => {
  it("is for members of the submitting team only", () => {
    for (const role of roles) {
      expect(canSelectFinalEntries(viewerFor(role), challengeFor(role, "PUBLISHED"), { teamId: "team-1" })).toBe(role === "participant");
    }
  });
});
