import "server-only";
import { derived } from "./snapshot";
import { loadOverallLeaderboard, splitSnapshot } from "./load-overall";
import type { PhaseContext } from "./phase-context";
import { leaderboardCsv, leaderboardRowJson } from "./serialize";
import { hasStatistics } from "./load-statistics";
import { extraMetricKeys } from "./metrics";
import type { SplitName } from "./types";

/**
 * The API's overall leaderboard body (JSON or CSV), serialized once per ranking snapshot:
 * a thousand rows are ~0.5 MB of JSON, and stringifying them per request dominates its cost.
 */
export async function overallLeaderboardBody(
  context: PhaseContext,
  split: SplitName,
  format: "json" | "csv",
  now: Date = new Date(),
): Promise<string> {
  const snapshot = await splitSnapshot(context, split, now);
  return derived(snapshot, `body:${format}`, async () => {
    const rows = await loadOverallLeaderboard(context, split, now);
    const withMove = split === "private";
    const extra = context.evalConfig ? extraMetricKeys(context.evalConfig) : [];
    if (format === "csv") return leaderboardCsv(rows, withMove, extra);
    return JSON.stringify({
      challenge: context.challenge.slug,
      phase: context.phase.slug,
      split,
      evalConfigVersion: context.evalConfig?.version ?? null,
      primaryMetric: context.evalConfig?.primaryMetric ?? null,
      statistics: statisticsJson(context, split),
      rows: rows.map((r) => leaderboardRowJson(r, withMove, extra)),
    });
  });
}

/** The settings behind every row's `ci` and `rankGroup` (docs/statistics.md); null for phases without a bootstrap. */
function statisticsJson(context: PhaseContext, split: SplitName) {
  const config = context.evalConfig;
  if (!config || !hasStatistics(context)) return null;
  const { replicates, level, ranking, ladder } = config.statistics;
  return { replicates, level, ranking, laddered: split === "public" && ladder === "on" };
}
