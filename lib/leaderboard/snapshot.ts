import "server-only";
import { prisma } from "@/lib/db";
import type { PhaseContext } from "./phase-context";
import type { RankedRow } from "./ranking";
import type { SplitName } from "./types";

/**
 * Rankings are recomputed only when something that decides them changed. A cheap fingerprint of
 * the phase (finished submissions, their finish times, final selections, baselines,
 * disqualifications, bootstrap statistics written after the scores) is read on every request; while it is unchanged the process reuses the
 * ranking and everything derived from it (metrics, class columns, means). Every server process
 * keeps its own snapshots, so several web processes stay correct without coordination.
 * Known staleness: a renamed team shows its old name until the next score or selection change.
 */
export interface Snapshot {
  ranked: RankedRow[];
  derived: Map<string, Promise<unknown>>;
}

const MAX_SNAPSHOTS = 64;
const snapshots = new Map<string, { stamp: string; snapshot: Promise<Snapshot> }>();

async function phaseStamp(context: PhaseContext): Promise<string> {
  const rows = await prisma.$queryRaw<{ stamp: string }[]>`
    SELECT concat_ws('|',
      count(*),
      max(s."finishedAt"),
      sum(hashtext(s.id)) FILTER (WHERE s."selectedForFinal"),
      sum(hashtext(s.id)) FILTER (WHERE s."isBaseline"),
      (SELECT concat_ws(',', count(*), sum(hashtext(cp."teamId")) FILTER (WHERE cp."disqualifiedAt" IS NOT NULL))
         FROM "ChallengeParticipant" cp WHERE cp."challengeId" = ${context.challenge.id}),
      (SELECT concat_ws(',', count(*), max(st."createdAt"))
         FROM "ScoreStatistics" st JOIN "Submission" s2 ON s2.id = st."submissionId"
         WHERE s2."phaseId" = ${context.phase.id})
    ) AS stamp
    FROM "Submission" s
    WHERE s."phaseId" = ${context.phase.id} AND s.status = 'FINISHED'::"SubmissionStatus"`;
  return rows[0]?.stamp ?? "";
}

export async function getSnapshot(
  context: PhaseContext,
  split: SplitName,
  closed: boolean,
  build: () => Promise<RankedRow[]>,
): Promise<Snapshot> {
  const key = [context.phase.id, split, context.evalConfig?.version ?? 0, context.evalConfig?.primaryMetric ?? "", closed].join(":");
  const stamp = await phaseStamp(context);
  const hit = snapshots.get(key);
  if (hit && hit.stamp === stamp) return hit.snapshot;
  const snapshot = build().then((ranked) => ({ ranked, derived: new Map<string, Promise<unknown>>() }));
  snapshots.delete(key);
  snapshots.set(key, { stamp, snapshot });
  snapshot.catch(() => snapshots.delete(key));
  if (snapshots.size > MAX_SNAPSHOTS) snapshots.delete(snapshots.keys().next().value as string);
  return snapshot;
}

/** Computes a value derived from the snapshot's ranking once per snapshot. */
export function derived<T>(snapshot: Snapshot, key: string, compute: () => Promise<T>): Promise<T> {
  let value = snapshot.derived.get(key) as Promise<T> | undefined;
  if (!value) {
    value = compute();
    snapshot.derived.set(key, value);
    value.catch(() => snapshot.derived.delete(key));
  }
  return value;
}
