import { describe, expect, it } from "vitest";
import { assignRanks, pickTeamEntries, rankMoves, type Candidate } from "@/lib/leaderboard/ranking";
import { rankClass, columnMeans } from "@/lib/leaderboard/class-ranking";

let seq = 0;
function candidate(teamId: string | null, primary: number, minute: number, extra: Partial<Candidate> = {}): Candidate {
  seq += 1;
  return {
    submissionId: `s${String(seq).padStart(3, "0")}`,
    teamId,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
    primary,
    selectedForFinal: false,
    isBaseline: false,
    ...extra,
  };
}

describe("pickTeamEntries", () => {
  it("keeps each team's best entry and counts its entries", () => {
    const a1 = candidate("a", 0.3, 1);
    const a2 = candidate("a", 0.5, 2);
    const a3 = candidate("a", 0.4, 3);
    const b1 = candidate("b", 0.2, 1);
    const picked = pickTeamEntries([a1, a2, a3, b1], { phaseClosed: false });
    expect(picked.map((e) => [e.teamId, e.submissionId, e.entries])).toEqual([
      ["a", a2.submissionId, 3],
      ["b", b1.submissionId, 1],
    ]);
  });

  it("takes the earlier of two equally good entries", () => {
    const late = candidate("a", 0.5, 9);
    const early = candidate("a", 0.5, 2);
    expect(pickTeamEntries([late, early], { phaseClosed: false })[0].submissionId).toBe(early.submissionId);
  });

  it("uses the best selected final entry once the phase has closed", () => {
    const best = candidate("a", 0.9, 1);
    const chosenLow = candidate("a", 0.4, 2, { selectedForFinal: true });
    const chosenHigh = candidate("a", 0.6, 3, { selectedForFinal: true });
    expect(pickTeamEntries([best, chosenLow, chosenHigh], { phaseClosed: true })[0].submissionId).toBe(chosenHigh.submissionId);
    // While the phase is open the selection does not matter yet.
    expect(pickTeamEntries([best, chosenLow, chosenHigh], { phaseClosed: false })[0].submissionId).toBe(best.submissionId);
  });

  it("falls back to the best entry when a team selected nothing", () => {
    const a = candidate("a", 0.7, 1);
    const b = candidate("a", 0.8, 2);
    expect(pickTeamEntries([a, b], { phaseClosed: true })[0].submissionId).toBe(b.submissionId);
  });

  it("keeps every baseline as its own entry", () => {
    const picked = pickTeamEntries(
      [candidate(null, 0.1, 1, { isBaseline: true }), candidate(null, 0.2, 2, { isBaseline: true }), candidate("a", 0.3, 3)],
      { phaseClosed: false },
    );
    expect(picked.filter((e) => e.isBaseline)).toHaveLength(2);
  });
});

describe("assignRanks", () => {
  it("gives ties the same rank and skips the next (1, 2, 2, 4), earlier submission first", () => {
    const entries = pickTeamEntries(
      [candidate("a", 0.9, 5), candidate("late", 0.5, 9), candidate("early", 0.5, 1), candidate("d", 0.1, 1)],
      { phaseClosed: false },
    );
    const rows = assignRanks(entries);
    expect(rows.map((r) => [r.entry.teamId, r.rank])).toEqual([
      ["a", 1],
      ["early", 2],
      ["late", 2],
      ["d", 4],
    ]);
  });

  it("places baselines by score without a rank and without taking a rank from teams", () => {
    const rows = assignRanks(
      pickTeamEntries([candidate("a", 0.9, 1), candidate(null, 0.6, 1, { isBaseline: true }), candidate("b", 0.5, 1)], {
        phaseClosed: false,
      }),
    );
    expect(rows.map((r) => [r.entry.isBaseline, r.rank])).toEqual([
      [false, 1],
      [true, null],
      [false, 2],
    ]);
  });

  it("sorts undefined (-1) primaries last", () => {
    const rows = assignRanks(pickTeamEntries([candidate("a", -1, 1), candidate("b", 0, 2)], { phaseClosed: false }));
    expect(rows.map((r) => [r.entry.teamId, r.rank, r.entry.primary])).toEqual([
      ["b", 1, 0],
      ["a", 2, null],
    ]);
  });
});

describe("rankMoves", () => {
  it("reports places gained relative to the public ranking", () => {
    const pub = assignRanks(
      pickTeamEntries([candidate("a", 0.9, 1), candidate("b", 0.8, 1), candidate("c", 0.7, 1)], { phaseClosed: false }),
    );
    const priv = assignRanks(
      pickTeamEntries([candidate("a", 0.5, 1), candidate("b", 0.4, 1), candidate("c", 0.95, 1), candidate("new", 0.1, 1)], {
        phaseClosed: false,
      }),
    );
    const moves = rankMoves(priv, pub);
    expect(Object.fromEntries(moves)).toEqual({ c: 2, a: -1, b: -1, new: null });
  });
});

describe("rankClass", () => {
  it("ranks teams on one class, finds the best team and the mean AP over ranked teams", () => {
    const overall = assignRanks(
      pickTeamEntries(
        [candidate("a", 0.9, 1), candidate("b", 0.8, 1), candidate("c", 0.7, 1), candidate(null, 0.1, 1, { isBaseline: true })],
        { phaseClosed: false },
      ),
    );
    const ids = Object.fromEntries(overall.map((r) => [r.entry.teamId ?? "baseline", r.entry.submissionId]));
    const ap = new Map<string, number | null>([
      [ids.a, 0.2],
      [ids.b, 0.6],
      [ids.c, null],
      [ids.baseline, 0.9],
    ]);
    const result = rankClass(overall, ap);
    expect(result.best?.entry.teamId).toBe("b");
    expect(result.meanAp).toBeCloseTo(0.4, 12);
    expect(result.rows.map((r) => [r.entry.teamId, r.rank, r.entry.overallRank])).toEqual([
      [null, null, null],
      ["b", 1, 2],
      ["a", 2, 1],
      ["c", 3, 3],
    ]);
  });

  it("has no best team and no mean when the class has no ground truth in the split", () => {
    const overall = assignRanks(pickTeamEntries([candidate("a", 0.9, 1)], { phaseClosed: false }));
    const result = rankClass(overall, new Map([[overall[0].entry.submissionId, null]]));
    expect(result.best).toBeNull();
    expect(result.meanAp).toBeNull();
  });

  it("averages matrix columns ignoring undefined cells", () => {
    expect(
      columnMeans(
        [
          [0.5, null],
          [0.3, null],
        ],
        2,
      ),
    ).toEqual([0.4, null]);
  });
});
