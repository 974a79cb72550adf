import "server-only";
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { env } from "@/lib/config";

/**
 * The WORKER_TEST_HOLD_DIR test hook (unset in production: a no-op). A claimed job announces itself
 * with `<dir>/<id>.held` and waits for `<dir>/<id>.release`: a test then kills or stops the worker
 * while the job is RUNNING and holds its lock, instead of guessing how long an evaluation takes.
 */
export async function holdForTest(submissionId: string): Promise<void> {
  const dir = env.WORKER_TEST_HOLD_DIR;
  if (!dir) return;
  const release = path.join(dir, `${submissionId}.release`);
  // Written whole then renamed: a test that sees the file reads the pid, never an empty file.
  const held = path.join(dir, `${submissionId}.held`);
  await writeFile(`${held}.tmp`, `${process.pid}\n`);
  await rename(`${held}.tmp`, held);
  while (!existsSync(release)) await sleep(50);
}

/**
 * The same hook inside an evaluation thread, and blocking it as a long computation does, for a test
 * that asks for it by writing `<dir>/<key>.hold` first (tests that only hold the job, such as crash
 * recovery, must not find the survivor's thread held too): it writes `<dir>/<key>.held` and blocks the
 * thread's event loop (no progress, no messages) until `<dir>/<key>.release` exists. Only terminating
 * the thread stops it (a cancelled job, a time limit).
 */
export function holdThreadForTest(key: string): void {
  const dir = env.WORKER_TEST_HOLD_DIR;
  if (!dir || !existsSync(path.join(dir, `${key}.hold`))) return;
  const release = path.join(dir, `${key}.release`);
  const held = path.join(dir, `${key}.held`);
  writeFileSync(`${held}.tmp`, `${process.pid}\n`);
  renameSync(`${held}.tmp`, held);
  const blocker = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(release)) Atomics.wait(blocker, 0, 0, 50);
}
