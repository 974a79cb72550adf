import "server-only";
import { prisma } from "@/lib/db";
import { getObjectStore } from "@/lib/object-store";

// Where a sharded evaluation keeps its files in the object store (DATA_DIR/shards/... on a local
// store): `shards/<submission id>/<partition>/in-<s>.bin` (a shard's detections) and
// `.../matched-<s>.bin` (its matching). They live as long as the submission is QUEUED or RUNNING:
// the merge removes them, so does a cancel, and a periodic sweep removes whatever a crash or a race
// (a shard finishing just after a cancel) left behind.

const SHARDS_ROOT = "shards";

/** The object-store folder of every partition of one submission. */
export function submissionShardPrefix(submissionId: string): string {
  return `${SHARDS_ROOT}/${submissionId.toLowerCase()}`;
}

/** Removes every shard file of a submission (all its partitions); absent files are fine. Returns how many were removed. */
export async function deleteSubmissionShards(submissionId: string): Promise<number> {
  const store = getObjectStore();
  const keys = await store.list(`${submissionShardPrefix(submissionId)}/`);
  for (const key of keys) await store.delete(key);
  return keys.length;
}

/**
 * Removes the shard files of every submission that is no longer QUEUED or RUNNING (finished, failed,
 * cancelled, deleted). Files of a submission still being evaluated are left alone, whatever their age.
 * Returns the submission ids whose files were removed.
 */
export async function sweepShardFiles(): Promise<string[]> {
  const store = getObjectStore();
  const bySubmission = new Map<string, string[]>();
  for (const key of await store.list(`${SHARDS_ROOT}/`)) {
    const id = key.split("/")[1];
    if (!id) continue;
    const keys = bySubmission.get(id) ?? [];
    keys.push(key);
    bySubmission.set(id, keys);
  }
  if (bySubmission.size === 0) return [];
  const live = await prisma.submission.findMany({
    where: { id: { in: [...bySubmission.keys()] }, status: { in: ["QUEUED", "RUNNING"] } },
    select: { id: true },
  });
  const keep = new Set(live.map((s) => s.id.toLowerCase()));
  const swept: string[] = [];
  for (const [id, keys] of bySubmission) {
    if (keep.has(id)) continue;
    for (const key of keys) await store.delete(key);
    swept.push(id);
  }
  return swept;
}

/** sweepShardFiles now and every `intervalMs` (0: never) in this process; returns a function that stops it. */
export function startShardSweeper(intervalMs: number): () => void {
  if (intervalMs === 0) return () => undefined;
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const swept = await sweepShardFiles();
      if (swept.length) console.log(`removed the leftover shard files of ${swept.length} submission(s)`);
    } catch (e) {
      console.error(`shard file sweep failed, will retry: ${(e as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  void sweep();
  return () => clearInterval(timer);
}
