import { prisma } from "@/lib/db";
import type { Submission } from "@/lib/generated/prisma/client";

/** Polls the submission row until `done` holds (or throws after timeoutMs with its last state). */
export async function waitForSubmission(id: string, done: (s: Submission) => boolean, timeoutMs: number): Promise<Submission> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await prisma.submission.findUniqueOrThrow({ where: { id } });
    if (done(s)) return s;
    if (Date.now() > deadline) throw new Error(`submission ${id} still ${s.status} (progress ${s.progress}) after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A copy of a results file with content no other test stores (storage keys are content hashes). */
export async function uniqueCopy(resultsPath: string): Promise<string> {
  const { readFile, writeFile, mkdtemp } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const { randomUUID } = await import("node:crypto");
  const detections = JSON.parse(await readFile(resultsPath, "utf8")) as Record<string, unknown>[];
  detections[0] = { ...detections[0], note: randomUUID() };
  const file = `${await mkdtemp(`${tmpdir()}/mb-worker-test-`)}/results.json`;
  await writeFile(file, JSON.stringify(detections));
  return file;
}

/** Deletes every Redis key of a BullMQ prefix (this test's own; never FLUSHALL: Redis is shared). */
export async function deletePrefixKeys(prefix: string): Promise<number> {
  const { getRedis } = await import("@/lib/queue");
  const redis = getRedis();
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    if (keys.length) deleted += await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  return deleted;
}

/** Resolves once `file` exists (a worker's WORKER_TEST_HOLD_DIR announcement), or throws after timeoutMs. */
export async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const { existsSync } = await import("node:fs");
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
