import type { Progress } from "@/lib/scoring/progress";
import type { ShardPlan } from "@/lib/scoring/score-sharded";

/** What a thread runs for a submission: the whole scoring, or one step of a sharded one (lib/scoring/score-sharded.ts). */
export type ThreadTask =
  | { kind: "score" }
  | { kind: "partition"; shards: number }
  | { kind: "match-shard"; plan: ShardPlan; shard: number }
  | { kind: "merge"; plan: ShardPlan };

export type ThreadRequest = { submissionId: string; task: ThreadTask };

export type ThreadReply =
  | ({ type: "progress" } & Progress)
  | { type: "done"; value?: unknown }
  | { type: "failed"; kind: "user" | "abandoned" | "infrastructure" | "unavailable"; code: string; message: string };
