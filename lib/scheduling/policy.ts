// Which queue a submission goes to and in what order: pure rules, tested without Redis.
//
// Head-of-line blocking: a big file (minutes) must not hold up small ones (seconds). Files of at least
// LARGE_JOB_MIN_MB go to their own queue, served by their own worker slots (WORKER_LARGE_CONCURRENCY),
// so small files always have a slot. Within a queue, BullMQ serves the lowest priority number first
// (FIFO among equals); the number puts fair share first and expected work second:
//   priority = 1 + TEAM_STRIDE * (the team's submissions already waiting or running) + size class
// A team's 1st upload ranks with every other team's 1st, its 20th with the others' 20th: one team's
// burst cannot starve the rest (round robin by arrival index), and among equal ranks smaller files go first.

import { EVALUATIONS_QUEUE, LARGE_EVALUATIONS_QUEUE, type EvaluationQueueName } from "@/lib/queue";

/** Size classes: log2 of the size in 64 KiB units, 0..31. */
const SIZE_CLASSES = 32;
const SIZE_UNIT_BYTES = 64 * 1024;
export const TEAM_STRIDE = SIZE_CLASSES;
/** BullMQ's largest priority is 2^21. */
export const MAX_PRIORITY = 2 ** 21;

export function sizeClass(byteSize: number): number {
  if (!(byteSize > SIZE_UNIT_BYTES)) return 0;
  return Math.min(SIZE_CLASSES - 1, Math.ceil(Math.log2(byteSize / SIZE_UNIT_BYTES)));
}

export function queueForSize(byteSize: number, largeJobMinBytes: number): EvaluationQueueName {
  return byteSize >= largeJobMinBytes ? LARGE_EVALUATIONS_QUEUE : EVALUATIONS_QUEUE;
}

/**
 * BullMQ priority (1 = first) of a submission of `byteSize` bytes whose team already has `teamBacklog`
 * submissions waiting or running.
 */
export function jobPriority(byteSize: number, teamBacklog: number): number {
  const rank = Math.max(0, Math.floor(teamBacklog));
  return Math.min(MAX_PRIORITY, 1 + TEAM_STRIDE * rank + sizeClass(byteSize));
}
