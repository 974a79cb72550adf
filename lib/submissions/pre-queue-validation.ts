import "server-only";
import { CocoValidationError, MAX_LISTED_PROBLEMS, validateResultsFile } from "@/lib/coco";
import { loadGroundTruth, type GroundTruthRef } from "@/lib/coco/ground-truth-cache";
import { failSubmission } from "./fail-submission";

/**
 * Larger files are queued without the web server's check: it reads the whole file (about 30 s of a
 * web server's CPU for 700 MB). The worker runs the same checks in full, with the same messages, and
 * a file failing them does not count toward the quota either.
 */
export const PRE_QUEUE_VALIDATION_MAX_BYTES = 128 * 1024 ** 2;

export type SubmissionFailure = { code: string; message: string; problems: { path: string; message: string }[]; total: number };

export function failureOfValidationError(e: CocoValidationError): SubmissionFailure {
  return { code: e.code, message: e.message, problems: e.problems, total: e.total };
}

/**
 * The cheap checks a web server runs before queueing (format, ids, categories, RLE sizes, scores).
 * A bad file marks the submission FAILED (not counting toward quota) and returns why; an unexpected
 * error is left to the worker, which runs the same checks in full.
 */
export async function validateBeforeQueue(
  submissionId: string,
  file: { path: string; byteSize: number },
  groundTruth: GroundTruthRef,
  protocol: { iouType: "segm" | "bbox"; useCats: boolean; imageSetName?: string },
): Promise<SubmissionFailure | null> {
  if (file.byteSize > PRE_QUEUE_VALIDATION_MAX_BYTES) return null;
  try {
    await validateResultsFile(file.path, await loadGroundTruth(groundTruth, protocol.iouType), {
      ...protocol,
      maxProblems: MAX_LISTED_PROBLEMS,
    });
    return null;
  } catch (e) {
    if (!(e instanceof CocoValidationError)) {
      console.error(`submission ${submissionId}: pre-queue validation could not run; the worker will check the file:`, e);
      return null;
    }
    const failure = failureOfValidationError(e);
    await failSubmission(submissionId, { code: failure.code, message: failure.message, countsTowardQuota: false });
    return failure;
  }
}
