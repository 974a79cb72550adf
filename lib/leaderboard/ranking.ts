import { definedOrNull, type Metrics } from "./metrics";

/** A scored submission that may represent its team on a leaderboard. */
export interface Candidate {
  submissionId: string;
  teamId: string | null;
  createdAt: Date;
  primary: number;
  selectedForFinal: boolean;
  isBaseline: boolean;
}

export interface RankedEntry {
  submissionId: string;
  teamId: string | null;
  isBaseline: boolean;
  createdAt: Date;
  primary: number | null;
  /** Number of scored entries of the team in this phase and evaluation version. */
  entries: number;
}

export interface RankedRow<T extends RankedEntry = RankedEntry> {
  /** Competition rank (1, 2, 2, 4); null for baselines, which are shown but never ranked. */
  rank: number | null;
  entry: T;
}

/** Higher primary first; an undefined primary (-1 from COCOeval) sorts last; ties go to the earlier submission. */
export function compareEntries(a: Pick<Candidate, "primary" | "createdAt" | "submissionId">, b: typeof a): number {
  const pa = definedOrNull(a.primary) ?? -Infinity;
  const pb = definedOrNull(b.primary) ?? -Infinity;
  if (pa !== pb) return pb - pa;
  const ta = a.createdAt.getTime();
  const tb = b.createdAt.getTime();
  if (ta !== tb) return ta - tb;
  return a.submissionId < b.submissionId ? -1 : a.submissionId > b.submissionId ? 1 : 0;
}

/**
 * One entry per team: its best scored entry, or, once the phase has closed and the team
 * selected final entries, the best of those. Every baseline submission stays its own entry.
 */
export function pickTeamEntries(candidates: Candidate[], opts: { phaseClosed: boolean }): RankedEntry[] {
  const byTeam = new Map<string, Candidate[]>();
  const baselines: RankedEntry[] = [];
  for (const c of candidates) {
    if (c.isBaseline || c.teamId === null) {
      baselines.push({ ...toEntry(c), isBaseline: true, entries: 1 });
      continue;
    }
    const list = byTeam.get(c.teamId);
    if (list) list.push(c);
    else byTeam.set(c.teamId, [c]);
  }
  const teams: RankedEntry[] = [];
  for (const list of byTeam.values()) {
    const finals = opts.phaseClosed ? list.filter((c) => c.selectedForFinal) : [];
    const pool = finals.length > 0 ? finals : list;
    const best = pool.reduce((a, b) => (compareEntries(a, b) <= 0 ? a : b));
    teams.push({ ...toEntry(best), entries: list.length });
  }
  return [...teams, ...baselines];
}

function toEntry(c: Candidate): RankedEntry {
  return {
    submissionId: c.submissionId,
    teamId: c.teamId,
    isBaseline: c.isBaseline,
    createdAt: c.createdAt,
    primary: definedOrNull(c.primary),
    entries: 1,
  };
}

/**
 * Orders entries by the primary metric and gives competition ranks: equal scores share a
 * rank and the next rank skips (1, 2, 2, 4). Baselines are placed by score but not ranked.
 */
export function assignRanks<T extends RankedEntry>(entries: T[]): RankedRow<T>[] {
  const sorted = [...entries].sort((a, b) =>
    compareEntries(
      { primary: a.primary ?? -1, createdAt: a.createdAt, submissionId: a.submissionId },
      { primary: b.primary ?? -1, createdAt: b.createdAt, submissionId: b.submissionId },
    ),
  );
  const rows: RankedRow<T>[] = [];
  let ranked = 0;
  let previous: { primary: number | null; rank: number } | null = null;
  for (const entry of sorted) {
    if (entry.isBaseline) {
      rows.push({ rank: null, entry });
      continue;
    }
    ranked += 1;
    const rank: number = previous && previous.primary === entry.primary ? previous.rank : ranked;
    previous = { primary: entry.primary, rank };
    rows.push({ rank, entry });
  }
  return rows;
}

/** Places moved up (positive) or down (negative) from the public ranking; null when the team had no public rank. */
export function rankMoves(privateRows: RankedRow[], publicRows: RankedRow[]): Map<string, number | null> {
  const publicRank = new Map<string, number>();
  for (const r of publicRows) if (r.rank !== null && r.entry.teamId) publicRank.set(r.entry.teamId, r.rank);
  const moves = new Map<string, number | null>();
  for (const r of privateRows) {
    if (r.rank === null || !r.entry.teamId) continue;
    const before = publicRank.get(r.entry.teamId);
    moves.set(r.entry.teamId, before === undefined ? null : before - r.rank);
  }
  return moves;
}

export type { Metrics };

/** The ranking rule in words, as the pages state it (pickTeamEntries + assignRanks). */
export function rankingRuleText(primaryLabel: string): string {
  return (
    `Each team is ranked by the ${primaryLabel} of its best scored submission (once a phase has closed, the best of the ` +
    `entries it selected as final, if any), higher first. Teams with exactly equal scores share a rank (1, 2, 2, 4) and ` +
    `are listed by the earlier submission; an undefined score ranks last. Baselines are shown but not ranked.`
  );
}
