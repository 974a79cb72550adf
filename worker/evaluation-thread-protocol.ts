import type { Progress } from "@/lib/scoring/progress";

export type ThreadRequest = { submissionId: string };

export type ThreadReply =
  | ({ type: "progress" } & Progress)
  | { type: "done" }
  | { type: "failed"; kind: "user" | "abandoned" | "infrastructure"; code: string; message: string };
