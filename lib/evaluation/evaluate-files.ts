// The one evaluation pipeline of a ground truth and a results file, shared by the eval CLI
// (scripts/eval.ts) and the worker (lib/scoring): read, validate (by the mode's rules), prepare the
// ground truth (on a second thread when the caller gives one), evaluate, and turn every refusal of the
// input into an error the one table (lib/errors) reports as the user's fault.
import "server-only";
import { parseResultsFile, type ReadSourceOptions } from "@/lib/coco";
import { formatIdSet } from "@/lib/coco/describe-value";
import { readResultTable, type ReadTable } from "@/lib/coco/result-columns";
import { newResultsTally, type GroundTruthListing, type ResultsTally } from "@/lib/coco/results";
import { AppError } from "@/lib/errors";
import {
  EvalInputError,
  evaluateSplits,
  type CocoResult,
  type EvalOptions,
  type EvalParams,
  type EvalResult,
  type EvalStage,
  type PreparedGroundTruth,
} from "@/lib/eval";
import type { ResultTable } from "@/lib/eval/result-table";
import type { GroundTruthSource } from "./ground-truth-source";
import type { EvaluationMode, EvaluationWarning } from "./mode";

/** The stages evaluateFiles reports progress in: reading the results file, then lib/eval's three. */
export type FilesStage = "parsing" | EvalStage;

/** The results file, and how to hold it in memory. */
export type ResultsSource = {
  path: string;
  /**
   * Read into typed columns with the counts as bytes, spilled to files in this folder past 256 MiB:
   * memory stays bounded whatever the file's size (the worker). Without it the detections are read
   * as objects and their masks decoded in bulk on two threads: faster, memory grows with the file (the CLI).
   */
  spillDir?: string;
  /** The file's size in bytes, when known (sizes the columns, scales progress). */
  byteSize?: number;
  /** Limits on reading (expansion cap of compressed files). */
  readOptions?: Omit<ReadSourceOptions, "onProgress">;
};

/** What evaluateFiles evaluates once the inputs are read: evaluateSplits unless the caller brings its own. */
export type EvaluateStep<R> = (input: {
  prepared: PreparedGroundTruth;
  results: readonly CocoResult[] | ResultTable;
  params: EvalParams;
  splits: Record<string, readonly number[]>;
  options: EvalOptions;
}) => R;

export type EvaluateFilesOptions<R> = {
  mode: EvaluationMode;
  /** Image ids per split; default one split "all" of every image of the ground truth. */
  splits?: Record<string, readonly number[]>;
  /** How error messages name the ground truth's images (default "the test set"). */
  imageSetName?: string;
  /** How many problems a refused file lists (with the total). */
  maxProblems?: number;
  /** Checked between stages; the caller terminates the thread for a prompt stop (worker/evaluation-threads.ts). */
  signal?: AbortSignal;
  onProgress?: (stage: FilesStage, fraction: number) => void;
  /** Called as each stage ends, with its name (the CLI's --timings). */
  onStageEnd?: (name: string) => void;
  /** lib/eval options (parallel decoding). */
  evalOptions?: Omit<EvalOptions, "onProgress">;
  /** The evaluation itself; default evaluateSplits (one EvalResult per split). */
  evaluate?: EvaluateStep<R>;
};

export type FilesEvaluation<R> = {
  /** The evaluation's answer: per split for the default step. */
  result: R;
  listing: GroundTruthListing;
  warnings: EvaluationWarning[];
};

/**
 * A refusal of the input found by the evaluator itself (run lengths, polygons, a result that contradicts
 * results[0]) rather than by the file checks: the user's fault, with lib/eval's code and problems.
 */
export class EvaluationInputError extends AppError {
  constructor(e: EvalInputError) {
    super({ status: 422, code: e.code, message: e.message, problems: e.problems, cause: e });
  }
}

const defaultStep: EvaluateStep<Record<string, EvalResult>> = ({ prepared, results, params, splits, options }) =>
  evaluateSplits(prepared, results, params, splits, options);

function unknownCategoriesWarning(tally: ResultsTally, listing: GroundTruthListing): EvaluationWarning[] {
  if (tally.unknownCategories === 0) return [];
  const ids = formatIdSet(tally.unknownCategoryIds);
  const valid = formatIdSet(listing.categories.map((c) => c.id));
  return [
    {
      code: "unknown_categories",
      count: tally.unknownCategories,
      message: `${tally.unknownCategories} detection(s) have a category_id that is not in the ground truth (${ids}); they were not evaluated, as pycocotools ignores them (the ground truth's ids: ${valid})`,
    },
  ];
}

function zeroRunsWarning(masks: number): EvaluationWarning[] {
  if (masks === 0) return [];
  return [
    {
      code: "zero_length_runs_merged",
      count: masks,
      message: `${masks} detection mask(s) have zero-length runs inside their RLE counts; they were merged into their neighbours (the same pixels), which pycocotools does not do: its rleIou stops early on such runs and can report a wrong IoU (lib/eval/README.md)`,
    },
  ];
}

/**
 * Evaluates a results file against a ground truth under `params`. Throws what lib/errors reports as
 * the user's fault for any refusal of the input (CocoValidationError, EvaluationInputError), anything
 * else is a bug. The ground truth source is closed before returning.
 */
export async function evaluateFiles<R = Record<string, EvalResult>>(
  groundTruth: GroundTruthSource,
  resultsSource: ResultsSource,
  params: EvalParams,
  options: EvaluateFilesOptions<R>,
): Promise<FilesEvaluation<R>> {
  const { mode, signal } = options;
  const stageEnd = options.onStageEnd ?? (() => {});
  const report = options.onProgress;
  const step = (options.evaluate ?? defaultStep) as EvaluateStep<R>;
  const tally = newResultsTally();
  let table: ReadTable | null = null;
  try {
    signal?.throwIfAborted();
    const common = {
      ...resultsSource.readOptions,
      iouType: params.iouType,
      useCats: params.useCats,
      rules: mode,
      tally,
      imageSetName: options.imageSetName,
      maxProblems: options.maxProblems,
      onProgress: report && ((f: number) => report("parsing", f)),
    };
    let results: readonly CocoResult[] | ResultTable;
    if (resultsSource.spillDir !== undefined) {
      // Columns need the image sizes up front; the worker's ground truth is usually cached anyway.
      const gt = await groundTruth.listing;
      stageEnd("read ground truth");
      table = await readResultTable(resultsSource.path, {
        ...common,
        gt,
        byteSize: resultsSource.byteSize,
        spillDir: resultsSource.spillDir,
      });
      results = table;
    } else {
      // The evaluator decodes every mask and refuses bad runs itself (with the detection's index):
      // checking them here would decode ~500k masks twice. The results are parsed while the GT listing
      // is still being read, and checked against it when it arrives.
      results = await parseResultsFile(resultsSource.path, { ...common, gt: groundTruth.listing, checkRunLengths: false });
    }
    stageEnd("read+parse results");
    const listing = await groundTruth.listing;
    signal?.throwIfAborted();
    const prepared = await groundTruth.prepared;
    stageEnd("prepare ground truth");
    signal?.throwIfAborted();
    const splits = options.splits ?? { all: listing.images.map((img) => img.id) };
    // Counted by the column reader (tally) or, for parsed results, by lib/eval as it decodes them
    // (once per evaluation of them: a metric family may load the same results twice).
    let decodedZeroRunMasks = 0;
    const result = step({
      prepared,
      results,
      params,
      splits,
      options: {
        ...options.evalOptions,
        onProgress: report && ((stage, f) => report(stage, f)),
        onZeroRunsMerged: (masks) => (decodedZeroRunMasks = Math.max(decodedZeroRunMasks, masks)),
      },
    });
    return {
      result,
      listing,
      warnings: [...unknownCategoriesWarning(tally, listing), ...zeroRunsWarning(tally.zeroRunMasks + decodedZeroRunMasks)],
    };
  } catch (e) {
    if (e instanceof EvalInputError) throw new EvaluationInputError(e);
    throw e;
  } finally {
    table?.dispose();
    groundTruth.close();
  }
}
