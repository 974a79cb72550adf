import "server-only";
import { z } from "zod";
import { prisma } from "@/lib/db";
import { TIDE_MAIN_ERRORS, type TideMainError } from "@/lib/eval";

/**
 * A submission's TIDE error analysis as the API and the page show it (docs/tide.md): always of the
 * public split, so whoever may see the submission's public scores may see it.
 */
export type TideBreakdown = {
  /** pending: scored, the analysis not stored yet; skipped / failed: see `message`. */
  status: "pending" | "done" | "skipped" | "failed";
  split: "public";
  /** "mask" (segm and Boundary AP phases) or "bbox"; null while pending. */
  mode: "mask" | "bbox" | null;
  /** Percent, as TIDE reports: AP at IoU 0.5 and the dAP of fixing each error type. */
  ap50: number | null;
  mainErrors: Record<TideMainError, number> | null;
  specialErrors: { FalsePos: number; FalseNeg: number } | null;
  errorCounts: Record<TideMainError, number> | null;
  message: string | null;
};

const perMainError = z.object(Object.fromEntries(TIDE_MAIN_ERRORS.map((k) => [k, z.number()])) as Record<TideMainError, z.ZodNumber>);
const special = z.object({ FalsePos: z.number(), FalseNeg: z.number() });

const PENDING: TideBreakdown = {
  status: "pending",
  split: "public",
  mode: null,
  ap50: null,
  mainErrors: null,
  specialErrors: null,
  errorCounts: null,
  message: null,
};

/**
 * The breakdown of a submission's current score, or null when there is none to expect (not finished,
 * or a phase of a metric family TIDE does not analyse). Callers authorize the viewer first.
 */
export async function loadTideBreakdown(submissionId: string): Promise<TideBreakdown | null> {
  const s = await prisma.submission.findUnique({
    where: { id: submissionId },
    select: {
      status: true,
      finishedAt: true,
      phaseId: true,
      evalConfigVersion: true,
      tideAnalysis: true,
      _count: { select: { scores: true } },
    },
  });
  if (!s || s.status !== "FINISHED" || !s.finishedAt || s._count.scores === 0) return null;
  const version = s.evalConfigVersion ?? 0;
  if (version > 0) {
    const config = await prisma.evalConfig.findUnique({
      where: { phaseId_version: { phaseId: s.phaseId, version } },
      select: { metric: true },
    });
    if (config && config.metric !== "COCO") return null;
  }
  const row = s.tideAnalysis;
  // An analysis of an earlier score of a re-run submission is not this score's.
  if (!row || row.scoredAt.getTime() !== s.finishedAt.getTime()) return PENDING;
  const mode = row.mode === "bbox" ? "bbox" : "mask";
  if (row.status !== "DONE") return { ...PENDING, status: row.status === "SKIPPED" ? "skipped" : "failed", mode, message: row.message };
  return {
    status: "done",
    split: "public",
    mode,
    ap50: row.ap50,
    mainErrors: perMainError.parse(row.mainErrors),
    specialErrors: special.parse(row.specialErrors),
    errorCounts: perMainError.parse(row.errorCounts),
    message: null,
  };
}
