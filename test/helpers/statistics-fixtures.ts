// Leaderboard rows with real bootstrap statistics: the basic_polygons fixture (public split = images 2, 4,
// 5, 7), results files derived from its detections, scored by lib/scoring and bootstrapped by the
// statistics job's own function (lib/statistics/compute-score-statistics.ts), in this process.
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/db";
import { saveEvalConfig } from "@/lib/challenges/eval-config";
import { parseProtocol, type Statistics } from "@/lib/challenges/protocol";
import { scoreSubmission } from "@/lib/scoring/score-submission";
import { computeScoreStatistics } from "@/lib/statistics/compute-score-statistics";
import { createTeam, createUser, registerTeam, type TestTeam } from "./factories";
import { createScoredPhase, FIXTURE_DT, insertSubmission, type ScoredPhase } from "./submission-fixtures";

type Detection = { image_id: number; category_id: number; score: number };
const DETECTIONS = JSON.parse(readFileSync(FIXTURE_DT, "utf8")) as Detection[];

/**
 * Variants of the fixture's detections with known public-split AP (COCOeval on images 2, 4, 5, 7):
 * - full: every detection (public AP 0.3205, private 0.3347);
 * - lessFalse: without detection 23 (a false positive on image 4): public 0.3266, never worse in any
 *   replicate, better only in replicates that draw image 4 (about 68% of them), so never significantly;
 * - lessFalseBothSplits: without detections 3 and 23: public as lessFalse, private 0.3479;
 * - weak: only the detections scoring below 0.3: AP 0 on both splits.
 */
export const VARIANTS = {
  full: DETECTIONS,
  lessFalse: DETECTIONS.filter((_, i) => i !== 23),
  lessFalseBothSplits: DETECTIONS.filter((_, i) => i !== 23 && i !== 3),
  weak: DETECTIONS.filter((d) => d.score < 0.3),
} as const;
export type Variant = keyof typeof VARIANTS;

export interface StatisticsPhase extends ScoredPhase {
  version: number;
}

/** A published phase with the fixture ground truth and these statistics settings (B = 200 unless given). */
export async function createStatisticsPhase(statistics: Partial<Statistics>, phase: Parameters<typeof createScoredPhase>[0] = {}) {
  const scored = await createScoredPhase(phase);
  const { version } = await saveEvalConfig(prisma, {
    actorId: scored.organizer.id,
    challengeId: scored.challengeId,
    phaseId: scored.phaseId,
    protocol: parseProtocol({ statistics: { replicates: 200, ...statistics } }),
  });
  return { ...scored, version };
}

export async function addTeam(phase: StatisticsPhase, name: string): Promise<TestTeam> {
  const team = await createTeam(await createUser(), { name: `${name} ${randomUUID().slice(0, 6)}` });
  await registerTeam({ id: phase.challengeId }, team);
  return team;
}

/**
 * A finished submission of `variant` by `teamId`, scored, then (unless `statistics` is false)
 * bootstrapped. `createdAt` orders submissions (the ladder walks them in that order).
 */
export async function scoredEntry(
  phase: StatisticsPhase,
  teamId: string | null,
  variant: Variant,
  opts: { createdAt?: Date; statistics?: boolean; isBaseline?: boolean } = {},
): Promise<string> {
  const file = path.join(os.tmpdir(), `${variant}-${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify(VARIANTS[variant]));
  const id = await insertSubmission({ phaseId: phase.phaseId, teamId }, file, "RUNNING");
  await prisma.submission.update({
    where: { id },
    data: { ...(opts.createdAt ? { createdAt: opts.createdAt } : {}), isBaseline: opts.isBaseline ?? false },
  });
  await scoreSubmission(id);
  if (opts.statistics !== false) {
    const outcome = await computeScoreStatistics(id);
    if (!outcome.written) throw new Error(`no statistics for ${id}: ${outcome.reason}`);
  }
  return id;
}

export const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
