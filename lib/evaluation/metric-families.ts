// The metric families beyond COCOeval, through the one pipeline (evaluateFiles): Boundary AP with any
// dilation ratio, LVIS federated AP and Fixed AP, mIoU from instances, and TIDE's error analysis
// beside COCO AP. Each needs its own preparation of the ground truth (LVIS's rules, the boundary
// width) and the raw file (LVIS's federated lists, TIDE's image order): a source made here gives both.
import "server-only";
import { parseGroundTruthFile } from "@/lib/coco";
import {
  evaluateLvis,
  evaluateMiou,
  evaluateSplits,
  evaluateTide,
  prepareGroundTruth,
  prepareLvisGroundTruth,
  DEFAULT_DILATION_RATIO,
  DEFAULT_MIOU_SCORE_THRESHOLD,
  type CocoGroundTruth,
  type CocoResult,
  type EvalResult,
  type IouType,
  type LvisEvalResult,
  type LvisGroundTruth,
  type MiouResult,
  type PreparedGroundTruth,
  type TideResult,
} from "@/lib/eval";
import type { ResultTable } from "@/lib/eval/result-table";
import type { EvaluateStep } from "./evaluate-files";
import type { GroundTruthSource } from "./ground-truth-source";
import type { EvaluationMode } from "./mode";

/** What is computed: COCOeval (COCO AP, Boundary AP), LVISEval (default or Fixed AP) or mIoU; TIDE on top of COCO. */
export type FamilyRequest = {
  metric: "coco" | "lvis" | "lvis-fixed" | "miou";
  iouType: IouType;
  dilationRatio?: number;
  /** mIoU: detections scoring at least this are drawn. */
  scoreThreshold?: number;
  /** TIDE's breakdown too (COCO family, segm or bbox). */
  tide?: boolean;
};

export type FamilyResult = {
  /** COCOeval per split (COCO family). */
  coco: Record<string, EvalResult> | null;
  lvis: LvisEvalResult | null;
  miou: MiouResult | null;
  tide: TideResult | null;
};

/** The IoU type the ground truth is prepared for (Fixed AP is always boundary, mIoU compares masks). */
export function preparedIouType(request: FamilyRequest): IouType {
  return request.metric === "lvis-fixed" ? "boundary" : request.metric === "miou" ? "segm" : request.iouType;
}

function prepare(gt: CocoGroundTruth, request: FamilyRequest): PreparedGroundTruth {
  const iouType = preparedIouType(request);
  const dilationRatio = request.dilationRatio ?? DEFAULT_DILATION_RATIO;
  if (request.metric === "lvis" || request.metric === "lvis-fixed")
    return prepareLvisGroundTruth(gt as LvisGroundTruth, iouType, dilationRatio);
  return prepareGroundTruth(gt, iouType, { dilationRatio });
}

/** A ground truth read from a file for `request`, keeping the parsed file for the families that read it. */
export function familyGroundTruthFromFile(
  path: string,
  request: FamilyRequest,
  mode: EvaluationMode,
): GroundTruthSource & { gt: Promise<CocoGroundTruth> } {
  const lvis = request.metric === "lvis" || request.metric === "lvis-fixed";
  const gt = parseGroundTruthFile(path, { iouType: preparedIouType(request), rules: mode, lvis }).then((r) => r.gt);
  let prepared: Promise<PreparedGroundTruth> | null = null;
  return {
    gt,
    listing: gt,
    get prepared() {
      prepared ??= gt.then((g) => prepare(g, request));
      return prepared;
    },
    close() {},
  };
}

function asList(results: readonly CocoResult[] | ResultTable): readonly CocoResult[] {
  if (!Array.isArray(results)) throw new Error("the LVIS, mIoU and TIDE evaluations read results as objects, not as a column table");
  return results as readonly CocoResult[];
}

/**
 * The evaluation step of `request` for evaluateFiles. `gt` is the parsed ground truth, resolved
 * before the step runs (evaluateFiles awaits the prepared GT, made from it, first).
 */
export function familyStep(request: FamilyRequest, gt: () => CocoGroundTruth): EvaluateStep<FamilyResult> {
  return ({ prepared, results, params, splits, options }) => {
    const out: FamilyResult = { coco: null, lvis: null, miou: null, tide: null };
    if (request.metric === "lvis" || request.metric === "lvis-fixed") {
      out.lvis = evaluateLvis(
        gt() as LvisGroundTruth,
        asList(results),
        {
          ...options,
          mode: request.metric === "lvis-fixed" ? "fixed" : "default",
          iouType: preparedIouType(request),
          dilationRatio: request.dilationRatio,
        },
        prepared,
      );
    } else if (request.metric === "miou") {
      out.miou = evaluateMiou(prepared, asList(results), request.scoreThreshold ?? DEFAULT_MIOU_SCORE_THRESHOLD, options);
    } else {
      out.coco = evaluateSplits(prepared, results, { ...params, dilationRatio: request.dilationRatio }, splits, options);
    }
    if (request.tide) {
      // TIDE matches boxes or masks (never boundaries) with its own rules: its own preparation.
      const mode = request.iouType === "bbox" ? "bbox" : "mask";
      const reuse = prepared.iouType === (mode === "bbox" ? "bbox" : "segm") && prepared.rules === "cocoeval";
      out.tide = evaluateTide(gt(), asList(results), { mode, parallel: options.parallel }, reuse ? prepared : undefined);
    }
    return out;
  };
}
