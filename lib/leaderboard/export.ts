import "server-only";
import { derived } from "./snapshot";
import { loadOverallLeaderboard, splitSnapshot } from "./load-overall";
import type { PhaseContext } from "./phase-context";
import { leaderboardCsv, leaderboardRowJson } from "./serialize";
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
    if (format === "csv") return leaderboardCsv(rows, withMove);
    return JSON.stringify({
      challenge: context.challenge.slug,
      phase: context.phase.slug,
      split,
      evalConfigVersion: context.evalConfig?.version ?? null,
      primaryMetric: context.evalConfig?.primaryMetric ?? null,
      rows: rows.map((r) => leaderboardRowJson(r, withMove)),
    });
  });
}
