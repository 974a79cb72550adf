// Issue 11 item 5: refused uploads were kept forever (three 20 MB uploads: 1.6 MB -> 59 MB). Refused
// uploads lose their file after REFUSED_UPLOAD_KEEP_DAYS, files no row references are swept after a grace
// period (BullMQ job scheduler), a file shared by two rows stays while one still needs it, and a team's
// stored uploads are capped. Real files in DATA_DIR, real Postgres and Redis.
import { existsSync, utimesSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config";
import { prisma } from "@/lib/db";
import { createRedisConnection } from "@/lib/queue";
import { localPathForKey, storeBuffer, type StoredFile } from "@/lib/storage";
import { createSubmission } from "@/lib/submissions/create-submission";
import { openSubmissionFile } from "@/lib/submissions/download";
import { MAINTENANCE_QUEUE, scheduleStorageCleanup, STORAGE_CLEANUP_SCHEDULER } from "@/lib/submissions/cleanup-job";
import { assertTeamStorageWithinCap, purgeRefusedUploads, sweepOrphanFiles } from "@/lib/submissions/storage-cleanup";
import { createScoredPhase, type ScoredPhase } from "../helpers/submission-fixtures";

const DAY_MS = 24 * 3600_000;

async function storeOld(content: string, ageMs: number): Promise<StoredFile & { file: string }> {
  const stored = await storeBuffer(content);
  const file = await localPathForKey(stored.key);
  const at = new Date(Date.now() - ageMs);
  utimesSync(file, at, at);
  return { ...stored, file };
}

async function row(phase: ScoredPhase, stored: StoredFile, opts: { refused: boolean; ageMs: number }): Promise<string> {
  const created = await prisma.submission.create({
    data: {
      phaseId: phase.phaseId,
      teamId: phase.teamId,
      userId: phase.member.id,
      originalFilename: "results.json",
      storageKey: stored.key,
      sha256: stored.sha256,
      byteSize: BigInt(stored.byteSize),
      status: opts.refused ? "FAILED" : "FINISHED",
      refused: opts.refused,
      countsTowardQuota: !opts.refused,
      createdAt: new Date(Date.now() - opts.ageMs),
    },
    select: { id: true },
  });
  return created.id;
}

describe("storage cleanup", () => {
  it("deletes refused uploads' files after the keep period, keeping a file another row still needs", async () => {
    expect(env.REFUSED_UPLOAD_KEEP_DAYS).toBe(1);
    const phase = await createScoredPhase();
    const alone = await storeOld(`[{"refused": "${randomUUID()}"}]`, 3 * DAY_MS);
    const shared = await storeOld(`[{"shared": "${randomUUID()}"}]`, 3 * DAY_MS);
    const recent = await storeOld(`[{"recent": "${randomUUID()}"}]`, 3 * DAY_MS);
    const refusedAlone = await row(phase, alone, { refused: true, ageMs: 2 * DAY_MS });
    const refusedShared = await row(phase, shared, { refused: true, ageMs: 2 * DAY_MS });
    await row(phase, shared, { refused: false, ageMs: 2 * DAY_MS }); // same bytes, a scored submission
    const refusedRecent = await row(phase, recent, { refused: true, ageMs: 3600_000 });

    const { rows, deletedFiles } = await purgeRefusedUploads();
    expect(rows).toBeGreaterThanOrEqual(2);
    expect(deletedFiles).toBeGreaterThanOrEqual(1);
    expect(existsSync(alone.file)).toBe(false);
    expect(existsSync(shared.file)).toBe(true);
    expect(existsSync(recent.file)).toBe(true);
    const marks = await prisma.submission.findMany({
      where: { id: { in: [refusedAlone, refusedShared, refusedRecent] } },
      select: { id: true, fileDeletedAt: true },
    });
    const deletedAt = Object.fromEntries(marks.map((m) => [m.id, m.fileDeletedAt]));
    expect(deletedAt[refusedAlone]).toBeInstanceOf(Date);
    expect(deletedAt[refusedShared]).toBeInstanceOf(Date);
    expect(deletedAt[refusedRecent]).toBeNull();

    // The row keeps its verdict; its file answers 410 with why, not a server error.
    await expect(openSubmissionFile(phase.member.viewer, refusedAlone)).rejects.toMatchObject({ status: 410, code: "file_deleted" });
  });

  it("sweeps files no row references once past the grace period, and only those", async () => {
    const phase = await createScoredPhase();
    const orphan = await storeOld(`[{"orphan": "${randomUUID()}"}]`, env.ORPHAN_FILE_GRACE_HOURS * 3600_000 + DAY_MS);
    const fresh = await storeOld(`[{"fresh": "${randomUUID()}"}]`, 60_000);
    const used = await storeOld(`[{"used": "${randomUUID()}"}]`, 10 * DAY_MS);
    await row(phase, used, { refused: false, ageMs: 10 * DAY_MS });
    const gt = await prisma.groundTruth.findUniqueOrThrow({ where: { phaseId: phase.phaseId }, select: { storageKey: true } });
    const gtFile = await localPathForKey(gt.storageKey);
    utimesSync(gtFile, new Date(Date.now() - 10 * DAY_MS), new Date(Date.now() - 10 * DAY_MS));

    const deleted = await sweepOrphanFiles();
    expect(deleted).toContain(orphan.key);
    expect(deleted).not.toContain(fresh.key);
    expect(deleted).not.toContain(used.key);
    expect(deleted).not.toContain(gt.storageKey);
    expect(existsSync(orphan.file)).toBe(false);
    for (const kept of [fresh.file, used.file, gtFile]) expect(existsSync(kept)).toBe(true);
  });

  describe("the job scheduler", () => {
    const queue = new Queue(MAINTENANCE_QUEUE, { connection: createRedisConnection(), prefix: env.BULLMQ_PREFIX });
    afterAll(async () => {
      await queue.removeJobScheduler(STORAGE_CLEANUP_SCHEDULER);
      await queue.close();
    });

    it("is one BullMQ job scheduler at the configured interval, however often workers upsert it", async () => {
      await scheduleStorageCleanup(queue);
      await scheduleStorageCleanup(queue);
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.filter((s) => s.key === STORAGE_CLEANUP_SCHEDULER)).toHaveLength(1);
      expect(await queue.getJobScheduler(STORAGE_CLEANUP_SCHEDULER)).toMatchObject({
        every: env.STORAGE_CLEANUP_INTERVAL_MINUTES * 60_000,
      });
    });
  });

  it("caps a team's stored uploads, before reading the upload, and frees what was deleted", async () => {
    const phase = await createScoredPhase();
    const limit = env.TEAM_STORAGE_MB * 1024 * 1024;
    const big = await prisma.submission.create({
      data: {
        phaseId: phase.phaseId,
        teamId: phase.teamId,
        originalFilename: "huge.json",
        storageKey: "f".repeat(64),
        sha256: "f".repeat(64),
        byteSize: BigInt(limit),
        status: "FAILED",
        refused: true,
      },
      select: { id: true },
    });
    const request = new Request("http://localhost/upload", { method: "POST", body: "never read" });
    const err = await createSubmission(
      phase.member.viewer,
      { challengeSlug: phase.challengeSlug, phaseSlug: phase.phaseSlug },
      request,
    ).catch((e: Error) => e);
    expect(err).toMatchObject({ status: 413, code: "team_storage_full", details: { limitBytes: limit, usedBytes: limit } });
    expect((err as Error).message).toMatch(/over the limit of 5120\.0 MiB per team/);
    expect(request.bodyUsed).toBe(false);

    await prisma.submission.update({ where: { id: big.id }, data: { fileDeletedAt: new Date() } });
    await expect(assertTeamStorageWithinCap(phase.teamId, 1024)).resolves.toBeUndefined();
    await expect(assertTeamStorageWithinCap(phase.teamId, limit + 1)).rejects.toMatchObject({ status: 413, code: "team_storage_full" });
  });
});
