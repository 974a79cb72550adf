import "server-only";
import type { Readable } from "node:stream";
import { prisma } from "@/lib/db";
import { canDownloadSubmissionFile } from "@/lib/auth/policy";
import type { Viewer } from "@/lib/auth/viewer";
import { env } from "@/lib/config";
import { openReadStream } from "@/lib/storage";
import { SubmissionError } from "./errors";
import { authorizeSubmissionAction } from "./authorize";

export type SubmissionFile = { stream: Readable; filename: string; byteSize: number; contentType: string };

function contentTypeOf(filename: string): string {
  if (/\.json$/i.test(filename)) return "application/json";
  if (/\.gz$/i.test(filename)) return "application/gzip";
  if (/\.zip$/i.test(filename)) return "application/zip";
  return "application/octet-stream";
}

/** The results file a team uploaded, as stored (the submitting team and the organizers). */
export async function openSubmissionFile(viewer: Viewer, submissionId: string): Promise<SubmissionFile> {
  await authorizeSubmissionAction(viewer, submissionId, canDownloadSubmissionFile, "download this file");
  const s = await prisma.submission.findUniqueOrThrow({
    where: { id: submissionId },
    select: { storageKey: true, originalFilename: true, byteSize: true, fileDeletedAt: true },
  });
  if (s.fileDeletedAt) {
    throw new SubmissionError(
      410,
      "file_deleted",
      `This upload was refused and its file was deleted on ${s.fileDeletedAt.toISOString().slice(0, 10)} (refused uploads are kept ${env.REFUSED_UPLOAD_KEEP_DAYS} day(s)); its verdict is kept.`,
    );
  }
  return {
    stream: await openReadStream(s.storageKey),
    filename: s.originalFilename,
    byteSize: Number(s.byteSize),
    contentType: contentTypeOf(s.originalFilename),
  };
}

/** `attachment; filename="results.json"; filename*=UTF-8''...`: safe for any stored name. */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
