import { describe, expect, it } from "vitest";
import {
  canCancelSubmission,
  canRerunSubmission,
  canSubmit,
  canViewPrivateScores,
  canViewSubmission,
  isPrivateReleased,
  type ChallengeFacts,
} from "@/lib/auth/policy";
import { anonymousViewer, type Viewer } from "@/lib/auth/viewer";
import { challengeFacts } from "./policy-fixtures";

const user = (id: string, role: "USER" | "ADMIN" = "USER"): Viewer => ({
  userId: id,
  email: `${id}@x.test`,
  role,
  canCreateChallenges: false,
});

const day = 24 * 3600_000;
const now = new Date("2026-06-01T12:00:00Z");
const unreleased = { privateReleased: false, autoReleasePrivate: false, endsAt: new Date(now.getTime() - day) };
const released = { ...unreleased, privateReleased: true };
const submission = { teamId: "teamA" };

// [who, viewer, facts as seen by that viewer]
const roles: [string, Viewer, ChallengeFacts][] = [
  ["anonymous", anonymousViewer, challengeFacts()],
  ["outsider", user("u1"), challengeFacts()],
  ["submitting team member", user("u2"), challengeFacts({ participantId: "p", participantTeamId: "teamA" })],
  ["other team member", user("u3"), challengeFacts({ participantId: "q", participantTeamId: "teamB" })],
  ["disqualified submitting team", user("u4"), challengeFacts({ participantId: "p", participantTeamId: "teamA", isDisqualified: true })],
  ["organizer", user("u5"), challengeFacts({ isOrganizer: true })],
  ["admin", user("u6", "ADMIN"), challengeFacts({ isAdmin: true })],
];

const expected: Record<string, { submit: boolean; view: boolean; privBefore: boolean; privAfter: boolean; manage: boolean }> = {
  anonymous: { submit: false, view: false, privBefore: false, privAfter: false, manage: false },
  outsider: { submit: false, view: false, privBefore: false, privAfter: false, manage: false },
  "submitting team member": { submit: true, view: true, privBefore: false, privAfter: true, manage: false },
  "other team member": { submit: true, view: false, privBefore: false, privAfter: false, manage: false },
  "disqualified submitting team": { submit: false, view: true, privBefore: false, privAfter: true, manage: false },
  organizer: { submit: true, view: true, privBefore: true, privAfter: true, manage: true },
  admin: { submit: true, view: true, privBefore: true, privAfter: true, manage: true },
};

describe("submission policy", () => {
  it.each(roles)("%s", (who, viewer, f) => {
    const e = expected[who];
    expect(canSubmit(viewer, f)).toBe(e.submit);
    expect(canViewSubmission(viewer, f, submission)).toBe(e.view);
    expect(canViewPrivateScores(viewer, f, submission, unreleased, now)).toBe(e.privBefore);
    expect(canViewPrivateScores(viewer, f, submission, released, now)).toBe(e.privAfter);
    // Organizers cancel anything; the submitting team only its own submissions while they are queued.
    expect(canCancelSubmission(viewer, f, { ...submission, status: "RUNNING" })).toBe(e.manage);
    const ownTeam = who === "submitting team member" || who === "disqualified submitting team";
    expect(canCancelSubmission(viewer, f, { ...submission, status: "QUEUED" })).toBe(e.manage || ownTeam);
    expect(canRerunSubmission(viewer, f)).toBe(e.manage);
  });

  it("participants cannot submit to a draft or archived challenge, organizers can", () => {
    const member = challengeFacts({ participantId: "p", participantTeamId: "teamA" });
    expect(canSubmit(user("u2"), { ...member, status: "ARCHIVED" })).toBe(false);
    expect(canSubmit(user("u2"), { ...member, status: "DRAFT" })).toBe(false);
    expect(canSubmit(user("u5"), challengeFacts({ isOrganizer: true, status: "DRAFT" }))).toBe(true);
  });

  it("baselines (no team) are visible to organizers only", () => {
    const baseline = { teamId: null };
    expect(canViewSubmission(user("u2"), challengeFacts({ participantId: "p", participantTeamId: "teamA" }), baseline)).toBe(false);
    expect(canViewSubmission(user("u5"), challengeFacts({ isOrganizer: true }), baseline)).toBe(true);
  });
});

describe("isPrivateReleased", () => {
  const endsAt = new Date("2026-06-01T00:00:00Z");
  it("follows the organizers' release", () => {
    expect(isPrivateReleased({ privateReleased: true, autoReleasePrivate: false, endsAt }, new Date(0))).toBe(true);
    expect(isPrivateReleased({ privateReleased: false, autoReleasePrivate: false, endsAt }, new Date("2030-01-01"))).toBe(false);
  });
  it("auto-releases exactly when the phase ends", () => {
    const phase = { privateReleased: false, autoReleasePrivate: true, endsAt };
    expect(isPrivateReleased(phase, new Date(endsAt.getTime() - 1))).toBe(false);
    expect(isPrivateReleased(phase, endsAt)).toBe(true);
  });
});
