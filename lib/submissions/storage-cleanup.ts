import "server-only";
import { env } from "@/lib/config";
import { prisma } from "@/lib/db";
import { getObjectStore, isContentKey } from "@/lib/object-store";
import { SubmissionError } from "./errors";

// What keeps DATA_DIR (or the bucket) from growing forever: refused uploads' files are deleted after
// REFUSED_UPLOAD_KEEP_DAYS, and stored files no row references (a replaced ground truth, an upload whose
// request died between storing and inserting its row) after ORPHAN_FILE_GRACE_HOURS. The store is
// content-addressed: two rows may share a file, so a file is deleted only when no live row references its
// hash, and only when it was not written again within the grace period (a re-upload of the same bytes
// renews it while its row is being inserted).

const BATCH = 500;
const HOUR_MS = 3600_000;
/** A refused upload's file is deleted only if not written again this recently (a re-upload being inserted). */
const REWRITE_GUARD_MS = 10 * 60_000;

/** The content keys among `keys` that a row still needs: submissions with their file, ground truths, bootstrap caches. */
export async function referencedKeys(keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const list = [...keys];
  const [submissions, groundTruths, caches] = await Promise.all([
    prisma.submission.findMany({
      where: { storageKey: { in: list }, fileDeletedAt: null },
      select: { storageKey: true },
      distinct: ["storageKey"],
    }),
    prisma.groundTruth.findMany({ where: { storageKey: { in: list } }, select: { storageKey: true } }),
    prisma.scoreStatistics.findMany({ where: { cacheSha256: { in: list } }, select: { cacheSha256: true }, distinct: ["cacheSha256"] }),
  ]);
  return new Set([...submissions.map((s) => s.storageKey), ...groundTruths.map((g) => g.storageKey), ...caches.map((c) => c.cacheSha256)]);
}

/** Deletes the stored files among `keys` that no row needs and that were last written before `writtenBefore`. */
async function deleteUnreferenced(keys: readonly string[], writtenBefore: Date): Promise<string[]> {
  const needed = await referencedKeys(keys);
  const store = getObjectStore();
  const deleted: string[] = [];
  for (const key of new Set(keys)) {
    if (needed.has(key)) continue;
    const written = await store.modifiedAt(key);
    if (written === null || written >= writtenBefore) continue;
    await store.delete(key);
    deleted.push(key);
  }
  return deleted;
}

export type CleanupReport = { refusedRows: number; deletedFiles: number; orphanFiles: number };

/**
 * Refused uploads (FAILED, refused) older than REFUSED_UPLOAD_KEEP_DAYS lose their file: the row keeps
 * its verdict and gets fileDeletedAt; the bytes go once no other row references the same hash.
 */
export async function purgeRefusedUploads(now = new Date()): Promise<{ rows: number; deletedFiles: number }> {
  const cutoff = new Date(now.getTime() - env.REFUSED_UPLOAD_KEEP_DAYS * 24 * HOUR_MS);
  const writtenBefore = new Date(now.getTime() - Math.min(env.REFUSED_UPLOAD_KEEP_DAYS * 24 * HOUR_MS, REWRITE_GUARD_MS));
  let rows = 0;
  let deletedFiles = 0;
  for (;;) {
    const batch = await prisma.submission.findMany({
      where: { refused: true, status: "FAILED", fileDeletedAt: null, createdAt: { lt: cutoff } },
      select: { id: true, storageKey: true },
      take: BATCH,
    });
    if (batch.length === 0) break;
    await prisma.submission.updateMany({
      where: { id: { in: batch.map((s) => s.id) }, fileDeletedAt: null },
      data: { fileDeletedAt: now },
    });
    rows += batch.length;
    deletedFiles += (await deleteUnreferenced(batch.map((s) => s.storageKey).filter(isContentKey), writtenBefore)).length;
    if (batch.length < BATCH) break;
  }
  return { rows, deletedFiles };
}

/** Stored content files (objects/ab/cd/<sha256>) that no row references, last written over ORPHAN_FILE_GRACE_HOURS ago. */
export async function sweepOrphanFiles(now = new Date()): Promise<string[]> {
  const keys = (await getObjectStore().list("objects")).map((p) => p.slice(p.lastIndexOf("/") + 1)).filter(isContentKey);
  const writtenBefore = new Date(now.getTime() - env.ORPHAN_FILE_GRACE_HOURS * HOUR_MS);
  const deleted: string[] = [];
  for (let i = 0; i < keys.length; i += BATCH) deleted.push(...(await deleteUnreferenced(keys.slice(i, i + BATCH), writtenBefore)));
  return deleted;
}

/** One cleanup pass (the worker's "storage-cleanup" job scheduler runs it every STORAGE_CLEANUP_INTERVAL_MINUTES). */
export async function runStorageCleanup(now = new Date()): Promise<CleanupReport> {
  const refused = await purgeRefusedUploads(now);
  const orphans = await sweepOrphanFiles(now);
  return { refusedRows: refused.rows, deletedFiles: refused.deletedFiles, orphanFiles: orphans.length };
}

function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * Refuses an upload that would take the team's stored files past TEAM_STORAGE_MB (413 team_storage_full).
 * `adding` is the new file's size (0 before it is received: refused at once when the team is already full).
 */
export async function assertTeamStorageWithinCap(teamId: string, adding = 0): Promise<void> {
  const limit = env.TEAM_STORAGE_MB * 1024 * 1024;
  const used = await prisma.submission.aggregate({ where: { teamId, fileDeletedAt: null }, _sum: { byteSize: true } });
  const usedBytes = Number(used._sum.byteSize ?? 0n);
  if (usedBytes + adding <= limit && usedBytes < limit) return;
  throw new SubmissionError(
    413,
    "team_storage_full",
    `Your team's stored uploads take ${formatMiB(usedBytes)}${adding > 0 ? ` and this file ${formatMiB(adding)} more` : ""}, over the limit of ${formatMiB(limit)} per team. ` +
      `Refused uploads are deleted ${env.REFUSED_UPLOAD_KEEP_DAYS} day(s) after upload; upload smaller (compressed) files, or ask the organizers.`,
    { limitBytes: limit, usedBytes, fileBytes: adding },
  );
}
