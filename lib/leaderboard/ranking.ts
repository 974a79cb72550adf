import { ladderShown } from "@/lib/statistics/ladder";
import { rankGroups } from "@/lib/statistics/rank-groups";
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
  /** The primary metric's bootstrap interval; null until the statistics job has run. */
  ci: RowInterval | null;
  /** Tied rank group (1, 2, ...; docs/statistics.md); null for baselines and before the statistics exist. */
  rankGroup: number | null;
}

/** A percentile interval as rows carry it: bounds null when no replicate defines the metric. */
export interface RowInterval {
  level: number;
  low: number | null;
  high: number | null;
}

/** A ranked entry's stored bootstrap of the primary metric (ScoreStatistics of the current version). */
export interface EntryStatistics {
  ci: RowInterval;
  replicates: Float64Array;
}

/** The phase's statistics settings that shape the ranking (lib/challenges/protocol Statistics). */
export interface RankingStatistics {
  level: number;
  ranking: "point" | "groups";
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
export function pickTeamEntries(
  candidates: Candidate[],
  opts: {
    phaseClosed: boolean;
    /** The ladder (public split of a laddered phase): each candidate's replicates of the primary metric. */
    ladder?: { level: number; replicates: ReadonlyMap<string, ArrayLike<number>> };
  },
): RankedEntry[] {
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
    const best = opts.ladder ? ladderEntry(pool, opts.ladder) : pool.reduce((a, b) => (compareEntries(a, b) <= 0 ? a : b));
    teams.push({ ...toEntry(best), entries: list.length });
  }
  return [...teams, ...baselines];
}

/**
 * The ladder's shown entry of a team (lib/statistics/ladder.ts): in submission order, the first entry with
 * replicates, replaced only by one that beats it by more than the one-sided paired margin. Before any
 * entry has replicates the team's first submission is shown: a new score never shows unchecked.
 */
function ladderEntry(pool: Candidate[], ladder: NonNullable<Parameters<typeof pickTeamEntries>[1]["ladder"]>): Candidate {
  const inOrder = [...pool].sort(
    (a, b) =>
      a.createdAt.getTime() - b.createdAt.getTime() || (a.submissionId < b.submissionId ? -1 : a.submissionId > b.submissionId ? 1 : 0),
  );
  const shown = ladderShown(
    inOrder.map((c) => ({ point: c.primary, replicates: ladder.replicates.get(c.submissionId) ?? null })),
    ladder.level,
  );
  return inOrder[Math.max(shown, 0)];
}

function toEntry(c: Candidate): RankedEntry {
  return {
    submissionId: c.submissionId,
    teamId: c.teamId,
    isBaseline: c.isBaseline,
    createdAt: c.createdAt,
    primary: definedOrNull(c.primary),
    entries: 1,
    ci: null,
    rankGroup: null,
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

/**
 * Attaches each ranked team entry's interval and tied rank group (lib/statistics/rank-groups.ts, walking the
 * ranking from the top; baselines are shown but in no group). With the `groups` rule an entry takes the
 * rank of its group's leader, so a group shares one rank (1, 1, 1, 4); the order stays the point ranking's
 * (point estimate, then the earlier submission). An entry whose statistics are not computed yet keeps its
 * rank by the point estimate.
 */
export function applyStatistics<T extends RankedEntry>(
  ranked: RankedRow<T>[],
  stats: ReadonlyMap<string, EntryStatistics>,
  settings: RankingStatistics,
): RankedRow<T>[] {
  const teams = ranked.filter((r) => r.rank !== null);
  const groups = rankGroups(
    teams.map((r) => ({ replicates: stats.get(r.entry.submissionId)?.replicates ?? null })),
    settings.level,
  );
  const groupOf = new Map(teams.map((r, i) => [r.entry.submissionId, groups[i]]));
  const leaderRank = new Map<number, number>();
  return ranked.map((row) => {
    const group = groupOf.get(row.entry.submissionId) ?? null;
    let rank = row.rank;
    if (group !== null && rank !== null) {
      if (!leaderRank.has(group)) leaderRank.set(group, rank);
      if (settings.ranking === "groups") rank = leaderRank.get(group)!;
    }
    return { rank, entry: { ...row.entry, ci: stats.get(row.entry.submissionId)?.ci ?? null, rankGroup: group } };
  });
}

export type { Metrics };

/**
 * The ranking rule in words, as the pages state it (pickTeamEntries + assignRanks + applyStatistics).
 * `statistics`: the phase's bootstrap settings when its scores get intervals (COCO phases), else undefined.
 */
export function rankingRuleText(
  primaryLabel: string,
  statistics?: { level: number; ranking: "point" | "groups"; ladder: "off" | "on" },
): string {
  const percent = statistics ? `${+(statistics.level * 100).toFixed(2)}%` : "";
  const laddered = statistics?.ladder === "on";
  const base =
    `Each team is ranked by the ${primaryLabel} of ${laddered ? "its shown submission" : "its best scored submission"} (once a ` +
    `phase has closed, the best of the entries it selected as final, if any), higher first.`;
  const ladder = laddered
    ? ` On the public split a team's new best is shown only when it beats its shown submission by more than the ` +
      `one-sided ${percent} paired-bootstrap margin; otherwise the shown score stays (the private split shows the best).`
    : "";
  const pointTies = ` Teams with exactly equal scores share a rank (1, 2, 2, 4) and are listed by the earlier submission.`;
  const ties = !statistics
    ? pointTies
    : statistics.ranking === "groups"
      ? ` Teams are ranked in statistically tied groups: walking down from the top, a team joins the group of the team ` +
        `leading it when the ${percent} paired-bootstrap interval of their difference contains 0, and every team of a ` +
        `group shares its leader's rank (1, 1, 1, 4). Inside a group teams are listed by the point estimate, then by the ` +
        `earlier submission; a team whose intervals are not computed yet keeps its rank by the point estimate.`
      : `${pointTies} Tied groups (the ${percent} paired-bootstrap interval of the difference with the group's leader ` +
        `contains 0) are shown beside the ranks.`;
  return `${base}${ladder}${ties} An undefined score ranks last. Baselines are shown but not ranked.`;
}
