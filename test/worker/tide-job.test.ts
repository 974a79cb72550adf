// The TIDE follow-up job through the real worker: after scoring, the analysis row appears with the
// numbers the eval CLI's --tide prints on the same data (public split only), and those equal the
// reference (dbolya/tide) where the public split is the whole ground truth.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createReadStream } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// This file's own queues: workers of other test files must not take its jobs (set before lib/config loads).
vi.hoisted(() => {
  process.env.BULLMQ_PREFIX = `${process.env.BULLMQ_PREFIX}_tide`;
});
import { prisma } from "@/lib/db";
import { getEvaluationsQueue } from "@/lib/queue";
import { ingestGroundTruth } from "@/lib/challenges/ground-truth";
import { saveEvalConfig } from "@/lib/challenges/eval-config";
import { parseProtocol } from "@/lib/challenges/protocol";
import type { TideAnalysis } from "@/lib/generated/prisma/client";
import { enqueueEvaluation } from "@/lib/submissions/enqueue";
import { getStatisticsQueue } from "@/lib/statistics/job";
import { getTideQueue } from "@/lib/tide/job";
import { runEvalCli } from "../cli/run-cli";
import { expectClose, listCases } from "../eval/metrics/kit";
import { startWorker, type RunningWorker } from "../helpers/worker";
import { createScoredPhase, insertSubmission, splitsOf, type ScoredPhase } from "../helpers/submission-fixtures";
import { deletePrefixKeys, waitForSubmission } from "./wait";

type TideNumbers = {
  ap50: number;
  mainErrors: Record<string, number>;
  specialErrors: Record<string, number>;
  errorCounts: Record<string, number>;
};
type KitTide = {
  ap50: number;
  main_errors: Record<string, number>;
  special_errors: Record<string, number>;
  error_counts: Record<string, number>;
};

const KIT = listCases<{ mask: KitTide; bbox: KitTide }>("tide").find((c) => c.name === "basic_polygons")!;

let worker: RunningWorker;

beforeAll(async () => {
  worker = await startWorker({ WATCHDOG_INTERVAL_MS: "0" });
  await getEvaluationsQueue().waitUntilReady();
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await getEvaluationsQueue().close();
  await getStatisticsQueue().close();
  await getTideQueue().close();
  await deletePrefixKeys(process.env.BULLMQ_PREFIX!);
  await prisma.$disconnect();
});

async function phaseWith(iouType: "segm" | "bbox" | "boundary", publicPercent?: number): Promise<ScoredPhase> {
  const phase = await createScoredPhase({}, KIT.gtPath);
  if (publicPercent !== undefined)
    await ingestGroundTruth({
      actorId: phase.organizer.id,
      phaseId: phase.phaseId,
      source: createReadStream(KIT.gtPath),
      split: { publicPercent },
    });
  await saveEvalConfig(prisma, {
    actorId: phase.organizer.id,
    challengeId: phase.challengeId,
    phaseId: phase.phaseId,
    protocol: parseProtocol({ iouType }),
  });
  return phase;
}

async function scoredAndAnalysed(phase: ScoredPhase): Promise<TideAnalysis> {
  const id = await insertSubmission(phase, KIT.dtPath);
  await enqueueEvaluation(id);
  const done = await waitForSubmission(id, (s) => s.status !== "QUEUED" && s.status !== "RUNNING", 60_000);
  expect(done.status, worker.output()).toBe("FINISHED");
  const deadline = Date.now() + 120_000;
  for (;;) {
    const row = await prisma.tideAnalysis.findUnique({ where: { submissionId: id } });
    if (row) {
      expect(row.scoredAt.getTime()).toBe(done.finishedAt!.getTime());
      return row;
    }
    if (Date.now() > deadline) throw new Error(`no TIDE analysis for ${id}:\n${worker.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function cliTide(gtPath: string, iouType: "segm" | "bbox", dtPath = KIT.dtPath): Promise<TideNumbers> {
  const run = await runEvalCli(["--gt", gtPath, "--dt", dtPath, "--iou-type", iouType, "--tide", "--json"]);
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { tide: TideNumbers }).tide;
}

function expectSame(row: TideAnalysis, expected: TideNumbers) {
  expectClose(row.ap50!, expected.ap50, "ap50");
  for (const key of ["mainErrors", "specialErrors", "errorCounts"] as const) {
    const stored = row[key] as Record<string, number>;
    expect(Object.keys(stored).sort(), key).toEqual(Object.keys(expected[key]).sort());
    for (const [k, v] of Object.entries(expected[key])) expectClose(stored[k], v, `${key}.${k}`);
  }
}

describe("the TIDE follow-up job, through the worker process", () => {
  it("analyses a Boundary AP phase on masks, on the public split only, as the CLI does on that split", async () => {
    const phase = await phaseWith("boundary");
    const { public: publicIds, private: privateIds } = await splitsOf(phase.phaseId);
    expect(privateIds.length).toBeGreaterThan(0);
    const row = await scoredAndAnalysed(phase);
    expect(row).toMatchObject({ status: "DONE", mode: "mask", split: "PUBLIC", message: null });

    // The CLI on the public images alone: their ground truth and the results on them.
    const gt = JSON.parse(await readFile(KIT.gtPath, "utf8")) as { images: { id: number }[]; annotations: { image_id: number }[] };
    const dt = JSON.parse(await readFile(KIT.dtPath, "utf8")) as { image_id: number }[];
    const keep = new Set(publicIds);
    const publicGt = {
      ...gt,
      images: gt.images.filter((i) => keep.has(i.id)),
      annotations: gt.annotations.filter((a) => keep.has(a.image_id)),
    };
    const dir = await mkdtemp(path.join(tmpdir(), "mb-tide-"));
    await writeFile(path.join(dir, "gt.json"), JSON.stringify(publicGt));
    await writeFile(path.join(dir, "dt.json"), JSON.stringify(dt.filter((d) => keep.has(d.image_id))));
    const cli = await cliTide(path.join(dir, "gt.json"), "segm", path.join(dir, "dt.json"));
    expectSame(row, cli);
    // Not the whole ground truth's analysis: the private images stayed out.
    const whole = await cliTide(KIT.gtPath, "segm");
    expect(cli.errorCounts).not.toEqual(whole.errorCounts);
  }, 240_000);

  it("analyses a bbox phase without a private split on boxes: the CLI's and the reference's numbers", async () => {
    const phase = await phaseWith("bbox", 100);
    expect((await splitsOf(phase.phaseId)).private).toEqual([]);
    const row = await scoredAndAnalysed(phase);
    expect(row).toMatchObject({ status: "DONE", mode: "bbox", split: "PUBLIC" });
    expectSame(row, await cliTide(KIT.gtPath, "bbox"));
    const ref = KIT.expected.bbox;
    expectSame(row, { ap50: ref.ap50, mainErrors: ref.main_errors, specialErrors: ref.special_errors, errorCounts: ref.error_counts });
  }, 240_000);
});
