import "server-only";
import { CocoValidationError, MAX_LISTED_PROBLEMS, validateResultsFile } from "@/lib/coco";
import { loadGroundTruth, type GroundTruthRef } from "@/lib/coco/ground-truth-cache";
import { failSubmission } from "./fail-submission";
import { preQueueCheckBytes, uploadReadLimits } from "./upload-limits";

export type SubmissionFailure = { code: string; message: string; problems: { path: string; message: string }[]; total: number };

export function failureOfValidationError(e: CocoValidationError): SubmissionFailure {
  return { code: e.code, message: e.message, problems: e.problems, total: e.total };
}

/**
 * The bounded checks a web server runs on every upload before queueing it, whatever its size: the
 * size a compressed file declares and its expansion ratio, the last bytes of a plain .json, and
 * the first UPLOAD_CHECK_MB of JSON (top-level structure, every detection complete within it
 * against the ground truth, no oversized string or number). A file no longer than that is checked in
 * full. Reading stops there, so a compression bomb costs the web process milliseconds; the worker
 * reads the rest under the same limits. A bad file marks the submission FAILED and refused (not
 * counting toward quota, counting toward the refused-uploads limit) and returns why; an unexpected
 * error is left to the worker, which runs the same checks in full.
 */
export async function validateBeforeQueue(
  submissionId: string,
  file: { path: string; byteSize: number },
  groundTruth: GroundTruthRef,
  protocol: { iouType: "segm" | "bbox"; useCats: boolean; imageSetName?: string },
): Promise<SubmissionFailure | null> {
  try {
    await validateResultsFile(file.path, await loadGroundTruth(groundTruth, protocol.iouType), {
      ...protocol,
      ...uploadReadLimits(),
      budgetBytes: preQueueCheckBytes(),
      maxProblems: MAX_LISTED_PROBLEMS,
    });
    return null;
  } catch (e) {
    if (!(e instanceof CocoValidationError)) {
      console.error(`submission ${submissionId}: pre-queue validation could not run; the worker will check the file:`, e);
      return null;
    }
    const failure = failureOfValidationError(e);
    await failSubmission(submissionId, { code: failure.code, message: failure.message, countsTowardQuota: false, refused: true });
    return failure;
  }
}
