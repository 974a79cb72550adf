/** The evaluation stages a submission reports (Submission.progressStage), in order. */
export const PROGRESS_STAGES = ["parsing", "matching", "accumulating"] as const;
export type ProgressStage = (typeof PROGRESS_STAGES)[number];

/** Stages as the scoring code sees them: the file parse, then lib/eval's own three. */
export type ScoringStage = "parsing" | "loading" | "matching" | "accumulating";

// Share of the total time each stage takes on typical files; lib/eval's "loading" (loadRes) is shown as
// the start of matching.
const SPANS: Record<ScoringStage, { stage: ProgressStage; from: number; to: number }> = {
  parsing: { stage: "parsing", from: 0, to: 0.35 },
  loading: { stage: "matching", from: 0.35, to: 0.45 },
  matching: { stage: "matching", from: 0.45, to: 0.9 },
  accumulating: { stage: "accumulating", from: 0.9, to: 1 },
};

export type Progress = { stage: ProgressStage; progress: number };

/** The stage to show and the overall 0..1 progress for a fraction of one scoring stage. */
export function overallProgress(stage: ScoringStage, fraction: number): Progress {
  const span = SPANS[stage];
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  return { stage: span.stage, progress: span.from + (span.to - span.from) * f };
}
