import "server-only";
import { env } from "@/lib/config";
import type { ReadSourceOptions } from "@/lib/coco";
import type { ScanLimits } from "@/lib/coco/json-array-stream";

const MB = 1024 * 1024;

/** A compressed file may always expand this far, whatever its ratio (a small .gz of a legitimate file). */
const EXPANSION_FLOOR_BYTES = 16 * MB;
/** One detection (element of the results array) never needs more; bounds what a reader holds at once. */
const MAX_ELEMENT_BYTES = 64 * MB;

/**
 * What reading an uploaded results file may cost, the same in the web process and the worker:
 * expansion (ratio and absolute cap) and the longest string, number and element.
 */
export function uploadReadLimits(): Pick<ReadSourceOptions, "maxExpandedBytes" | "expansion"> & {
  scanLimits: Omit<ScanLimits, "partial">;
} {
  return {
    maxExpandedBytes: env.UPLOAD_MAX_EXPANDED_MB * MB,
    expansion: { ratio: env.UPLOAD_MAX_EXPANSION_RATIO, floorBytes: EXPANSION_FLOOR_BYTES },
    scanLimits: { maxTokenBytes: env.UPLOAD_MAX_TOKEN_KB * 1024, maxElementBytes: MAX_ELEMENT_BYTES },
  };
}

/** How much JSON the web process reads of an upload before queueing it (bounded work per upload). */
export function preQueueCheckBytes(): number {
  return env.UPLOAD_CHECK_MB * MB;
}
