// --bootstrap and --compare of the eval CLI (semantics: docs/statistics.md). The evaluation keeps its
// replicate cache; the replicates are drawn from (seed, n, B) by lib/statistics; a --compare file is
// evaluated on the same prepared ground truth, so both files are replicated with the same draws (paired).
import type { GroundTruthListing } from "@/lib/coco/results";
import { AppError, errorReport } from "@/lib/errors";
import type { EvalParams, EvalResult, PreparedGroundTruth } from "@/lib/eval";
import { column, evaluateForBootstrap, pairedComparison, runReplicates, type ReplicateCache } from "@/lib/eval/bootstrap";
import { evaluateFiles, type EvaluateFilesOptions, type EvaluateStep, type EvaluationWarning } from "@/lib/evaluation";
import { drawMultiplicities } from "@/lib/statistics/draws";
import { statIntervals, type Interval, type StatKey } from "@/lib/statistics/intervals";
import type { BootstrapRequest } from "./options";

/** The draws take 2 bytes per image and replicate: past this many (512 MiB) the CLI refuses. */
const MAX_DRAWN_VALUES = 2 ** 28;

/** What the bootstrap step of evaluateFiles returns: the plain evaluation of all images, and its cache. */
export type BootstrapEvaluation = { all: EvalResult; cache: ReplicateCache; prepared: PreparedGroundTruth };

/** The evaluation of all images (as the default step) that also keeps the replicate cache. */
export const bootstrapStep: EvaluateStep<BootstrapEvaluation> = ({ prepared, results, params, splits, options }) => {
  const { result, cache } = evaluateForBootstrap(prepared, results, params, splits.all, options);
  return { all: result, cache, prepared };
};

/** The paired comparison of AP, as --json prints it. */
export type Comparison = { metric: "ap"; delta: number; ci: Interval; fractionBetter: number | null };

/** What the output's bootstrap section reads. */
export type BootstrapRun = {
  replicates: number;
  seed: number;
  level: number;
  images: number;
  ci: Record<StatKey, Interval>;
  comparison: Comparison | null;
  comparePath: string | null;
};

export class BootstrapTooLargeError extends AppError {
  constructor(images: number, replicates: number) {
    super({
      status: 422,
      code: "bootstrap_too_large",
      message: `--bootstrap ${replicates} on ${images} images draws ${images * replicates} multiplicities, more than ${MAX_DRAWN_VALUES}: give at most --bootstrap ${Math.floor(MAX_DRAWN_VALUES / images)}`,
    });
  }
}

/** A refusal of the --compare file, saying which file it is about. */
function aboutCompareFile(path: string, e: unknown): unknown {
  const report = errorReport(e);
  if (report.fault !== "user") return e;
  return new AppError({ ...report, message: `--compare ${path}: ${report.message}`, cause: e });
}

/**
 * The replicates of `first` (and of the --compare file, on the same draws): the intervals of the 12
 * stats and the paired comparison of AP. Warnings about the --compare file are appended to `warnings`.
 */
export async function runBootstrap(
  first: BootstrapEvaluation,
  listing: GroundTruthListing,
  request: BootstrapRequest,
  params: EvalParams,
  options: Pick<EvaluateFilesOptions<BootstrapEvaluation>, "mode" | "evalOptions">,
  warnings: EvaluationWarning[],
): Promise<BootstrapRun> {
  const { replicates, seed, level, comparePath } = request;
  const images = first.cache.imageIds.length;
  if (images * replicates > MAX_DRAWN_VALUES) throw new BootstrapTooLargeError(images, replicates);
  let second: BootstrapEvaluation | null = null;
  if (comparePath !== null) {
    // The ground truth is read and prepared once: the second file is checked and matched against it.
    const groundTruth = { listing: Promise.resolve(listing), prepared: Promise.resolve(first.prepared), close() {} };
    try {
      const other = await evaluateFiles(groundTruth, { path: comparePath }, params, { ...options, evaluate: bootstrapStep });
      second = other.result;
      warnings.push(...other.warnings.map((w) => ({ ...w, message: `--compare ${comparePath}: ${w.message}` })));
    } catch (e) {
      throw aboutCompareFile(comparePath, e);
    }
  }
  const draws = drawMultiplicities(images, replicates, seed);
  const mine = runReplicates(first.cache, draws);
  let comparison: Comparison | null = null;
  if (second) {
    const theirs = runReplicates(second.cache, draws);
    const paired = pairedComparison(
      { point: first.all.stats[0], replicates: column(mine.stats, 12, 0) },
      { point: second.all.stats[0], replicates: column(theirs.stats, 12, 0) },
      level,
    );
    comparison = { metric: "ap", delta: paired.delta, ci: paired.ci, fractionBetter: paired.fractionBetter };
  }
  return { replicates, seed, level, images, ci: statIntervals(mine.stats, level), comparison, comparePath };
}
