import "server-only";
import { prisma } from "@/lib/db";
import { metricsFromRow, type METRIC_KEYS, type ExtraMetricKey } from "./metrics";
import { applyStatistics, assignRanks, pickTeamEntries, rankMoves, type Candidate, type RankedEntry, type RankedRow } from "./ranking";
import { hasStatistics, loadEntryStatistics } from "./load-statistics";
import type { PhaseContext } from "./phase-context";
import { toDbSplit } from "./phase-context";
import type { LeaderboardRow, SplitName } from "./types";
import { derived, getSnapshot, type Snapshot } from "./snapshot";

/**
 * Every finished submission of the phase scored with the current evaluation version on this
 * split, from teams that are registered and not disqualified, plus baselines. Late submissions
 * (after the phase's end) are scored but never ranked. Only the
 * columns ranking needs: the full metrics are read for the chosen entries only.
 */
export async function loadCandidates(context: PhaseContext, split: SplitName): Promise<Candidate[]> {
  if (!context.evalConfig) return [];
  const classPrimary = /^class:(-?\d+)$/.exec(context.evalConfig.primaryMetric);
  const classCategoryId = classPrimary ? (context.categories.find((c) => c.cocoId === Number(classPrimary[1]))?.id ?? null) : null;
  // "class:<cocoId>" ranks by that class's AP, read from ClassScore so it cannot drift from the per-class pages.
  const rows = await prisma.$queryRaw<
    {
      submissionId: string;
      teamId: string | null;
      createdAt: Date;
      selectedForFinal: boolean;
      isBaseline: boolean;
      primary: number | null;
    }[]
  >`
    SELECT s.id AS "submissionId", s."teamId", s."createdAt", s."selectedForFinal", s."isBaseline",
           CASE WHEN ${classPrimary !== null} THEN (CASE WHEN cs."numGt" > 0 THEN cs.ap ELSE -1 END) ELSE sc."primary" END AS "primary"
    FROM "Submission" s
    JOIN "Score" sc ON sc."submissionId" = s.id
      AND sc.split = ${toDbSplit(split)}::"Split"
      AND sc."evalConfigVersion" = ${context.evalConfig.version}
    LEFT JOIN "ClassScore" cs ON cs."submissionId" = s.id AND cs.split = sc.split AND cs."categoryId" = ${classCategoryId}
    LEFT JOIN "ChallengeParticipant" cp ON cp."challengeId" = ${context.challenge.id} AND cp."teamId" = s."teamId"
    WHERE s."phaseId" = ${context.phase.id}
      AND s.status = 'FINISHED'::"SubmissionStatus"
      AND NOT s."isLate"
      AND (s."isBaseline" OR (cp.id IS NOT NULL AND cp."disqualifiedAt" IS NULL))`;
  return rows.map((r) => ({ ...r, primary: r.primary === null ? -1 : Number(r.primary), createdAt: new Date(r.createdAt) }));
}

interface DetailRow extends Record<(typeof METRIC_KEYS)[number], number>, Record<ExtraMetricKey, number | null> {
  submissionId: string;
  teamId: string | null;
  teamName: string | null;
  teamSlug: string | null;
  description: string;
}

async function loadDetails(submissionIds: string[], split: SplitName): Promise<Map<string, DetailRow>> {
  if (submissionIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<DetailRow[]>`
    SELECT sc."submissionId", sc.ap, sc.ap50, sc.ap75, sc."apSmall", sc."apMedium", sc."apLarge",
           sc.ar1, sc.ar10, sc.ar100, sc."arSmall", sc."arMedium", sc."arLarge",
           sc."apRare", sc."apCommon", sc."apFrequent", sc.miou,
           s."teamId", s.description, t.name AS "teamName", t.slug AS "teamSlug"
    FROM "Score" sc
    JOIN "Submission" s ON s.id = sc."submissionId"
    LEFT JOIN "Team" t ON t.id = s."teamId"
    WHERE sc."submissionId" = ANY(${submissionIds}::text[]) AND sc.split = ${toDbSplit(split)}::"Split"`;
  return new Map(rows.map((r) => [r.submissionId, r]));
}

function baselineName(detail: DetailRow): string {
  const label = detail.description.trim() || detail.teamName || "";
  return label ? `Baseline: ${label}` : "Baseline";
}

function toRows(ranked: RankedRow[], details: Map<string, DetailRow>): LeaderboardRow[] {
  const rows: LeaderboardRow[] = [];
  for (const { rank, entry } of ranked) {
    const d = details.get(entry.submissionId);
    if (!d) continue;
    rows.push({
      rank,
      move: null,
      submissionId: entry.submissionId,
      team: {
        id: entry.teamId,
        name: entry.isBaseline ? baselineName(d) : (d.teamName ?? "Unknown team"),
        slug: d.teamSlug,
      },
      isBaseline: entry.isBaseline,
      primary: entry.primary,
      metrics: metricsFromRow(d),
      entries: entry.entries,
      submittedAt: entry.createdAt,
      ci: entry.ci,
      rankGroup: entry.rankGroup,
    });
  }
  return rows;
}

export function isPhaseClosed(context: PhaseContext, now: Date): boolean {
  return now >= context.phase.endsAt;
}

/** The ranked entries (no metrics) of a split, from the process's snapshot while nothing changed. */
export async function rankSplit(context: PhaseContext, split: SplitName, now: Date): Promise<RankedRow<RankedEntry>[]> {
  return (await splitSnapshot(context, split, now)).ranked;
}

export function splitSnapshot(context: PhaseContext, split: SplitName, now: Date): Promise<Snapshot> {
  const closed = isPhaseClosed(context, now);
  return getSnapshot(context, split, closed, () => buildRanking(context, split, closed));
}

/**
 * Candidates -> one entry per team (laddered on the public split of a laddered phase) -> ranks -> each
 * ranked entry's interval and tied rank group (and, with the `groups` rule, the group's shared rank).
 */
async function buildRanking(context: PhaseContext, split: SplitName, closed: boolean): Promise<RankedRow[]> {
  const candidates = await loadCandidates(context, split);
  const settings = context.evalConfig?.statistics;
  const laddered = split === "public" && settings?.ladder === "on" && hasStatistics(context);
  const candidateStats = laddered
    ? await loadEntryStatistics(
        context,
        split,
        candidates.filter((c) => !c.isBaseline).map((c) => c.submissionId),
      )
    : null;
  const ladder =
    candidateStats && settings ? { level: settings.level, replicates: mapValues(candidateStats, (s) => s.replicates) } : undefined;
  const ranked = assignRanks(pickTeamEntries(candidates, { phaseClosed: closed, ladder }));
  if (!settings) return ranked;
  const ids = ranked.map((r) => r.entry.submissionId);
  const stats = candidateStats ?? (await loadEntryStatistics(context, split, ids));
  return applyStatistics(ranked, stats, settings);
}

function mapValues<K, V, W>(map: ReadonlyMap<K, V>, f: (v: V) => W): Map<K, W> {
  return new Map([...map].map(([k, v]) => [k, f(v)]));
}

/**
 * The overall leaderboard of a split in ranking order. The private split carries each
 * team's move relative to the public ranking. Visibility is the caller's business
 * (lib/auth/policy/leaderboard.ts): this only reads. Callers must not mutate the result.
 */
export async function loadOverallLeaderboard(context: PhaseContext, split: SplitName, now: Date = new Date()): Promise<LeaderboardRow[]> {
  const [snapshot, publicSnapshot] = await Promise.all([
    splitSnapshot(context, split, now),
    split === "private" ? splitSnapshot(context, "public", now) : Promise.resolve(null),
  ]);
  const rows = await derived(snapshot, "rows", async () =>
    toRows(
      snapshot.ranked,
      await loadDetails(
        snapshot.ranked.map((r) => r.entry.submissionId),
        split,
      ),
    ),
  );
  if (!publicSnapshot) return rows;
  const moves = rankMoves(snapshot.ranked, publicSnapshot.ranked);
  return rows.map((r) => ({ ...r, move: r.team.id && !r.isBaseline ? (moves.get(r.team.id) ?? null) : null }));
}
