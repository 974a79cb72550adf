// Compression bombs and oversized uploads cost the web process only bounded work (issue 11, item 2;
// issue 16, item 10): a compressed file may expand at most UPLOAD_MAX_EXPANSION_RATIO times (its
// declared size is checked before inflating), no JSON string may exceed UPLOAD_MAX_TOKEN_KB, files of
// any size have their start and end checked before queueing, and refused uploads count toward a
// per-team daily limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { truncate } from "node:fs/promises";
import zlib from "node:zlib";
import { prisma } from "@/lib/db";
import { getEvaluationsQueue } from "@/lib/queue";
import { createSubmission } from "@/lib/submissions/create-submission";
import { validateBeforeQueue } from "@/lib/submissions/pre-queue-validation";
import { SubmissionError } from "@/lib/submissions/errors";
import { createScoredPhase, FIXTURE_DT, type ScoredPhase } from "../helpers/submission-fixtures";
import { tempPath } from "../coco/temp-files";

const MB = 1024 * 1024;
const validText = readFileSync(FIXTURE_DT, "utf8");
const protocol = { iouType: "segm" as const, useCats: true };

function uploadRequest(content: Buffer | string, filename: string): Request {
  const form = new FormData();
  form.append("file", new Blob([typeof content === "string" ? content : new Uint8Array(content)]), filename);
  return new Request("http://localhost/upload", { method: "POST", body: form });
}

function submit(p: ScoredPhase, content: Buffer | string, filename = "results.json.gz") {
  return createSubmission(p.member.viewer, { challengeSlug: p.challengeSlug, phaseSlug: p.phaseSlug }, uploadRequest(content, filename));
}

/** `[0,0,...,0]` of about `bytes` bytes, gzipped: compresses about 1000 times. */
function zerosBomb(bytes: number): Buffer {
  return zlib.gzipSync(`[${"0,".repeat(bytes / 2)}0]`, { level: 9 });
}

/** A file of `size` bytes starting with `head` (the rest a hole: no disk used). */
async function sparseFile(head: string, size: number, last?: string): Promise<string> {
  const file = tempPath("large.json");
  const fd = openSync(file, "w");
  writeSync(fd, head);
  if (last) writeSync(fd, last, size - Buffer.byteLength(last));
  closeSync(fd);
  await truncate(file, size);
  return file;
}

let phase: ScoredPhase;
beforeAll(async () => {
  phase = await createScoredPhase({ maxSubmissionsPerDay: 100, maxSubmissionsTotal: 100, maxConcurrent: 100 });
});
afterAll(async () => {
  await getEvaluationsQueue().close();
  await prisma.$disconnect();
});

async function groundTruth(p: ScoredPhase) {
  return prisma.groundTruth.findUniqueOrThrow({ where: { phaseId: p.phaseId } });
}

async function row(p: ScoredPhase) {
  return prisma.submission.create({
    data: {
      phaseId: p.phaseId,
      teamId: p.teamId,
      originalFilename: "big.json",
      storageKey: "0".repeat(64),
      sha256: "0".repeat(64),
      byteSize: 1n,
    },
  });
}

describe("compression bombs are refused from their declared size and ratio", () => {
  it("refuses a gzip that declares 20 MB of JSON in 20 KB (over 50 times) as too_large, naming the ratio", async () => {
    const bomb = zerosBomb(20 * MB);
    expect(bomb.length).toBeLessThan(50 * 1024);
    const created = await submit(phase, bomb);
    expect(created.status).toBe("FAILED");
    expect(created.error).toMatchObject({ code: "too_large", message: expect.stringMatching(/over 50 times its own size/) });
    expect(await prisma.submission.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      status: "FAILED",
      countsTowardQuota: false,
      refused: true,
    });
  });

  it("still accepts an ordinary .json.gz of valid results", async () => {
    expect((await submit(phase, zlib.gzipSync(validText))).status).toBe("QUEUED");
  });

  it("refuses one huge JSON string at once (token_too_long), not after reading it", async () => {
    const created = await submit(phase, `["${"a".repeat(3 * MB)}"]`, "results.json");
    expect(created.error).toMatchObject({
      code: "token_too_long",
      message: expect.stringMatching(/string longer than 1\.0 MiB starting at byte 1/),
    });
    const nested = await submit(phase, zlib.gzipSync(`[{"image_id": 1, "segmentation": {"counts": "${"b".repeat(2 * MB)}"}}]`));
    expect(nested.error).toMatchObject({ code: "token_too_long" });
  });
});

describe("every file's start and end are checked before queueing, whatever its size (issue 16, item 10)", () => {
  it("refuses a 200 MB file whose top level is not an array", async () => {
    const file = await sparseFile('{"annotations": [', 200 * MB);
    const failure = await validateBeforeQueue(
      (await row(phase)).id,
      { path: file, byteSize: 200 * MB },
      await groundTruth(phase),
      protocol,
    );
    expect(failure).toMatchObject({ code: "not_array" });
  });

  it("refuses a 200 MB file that does not end with ']' (truncated), and queues one that does", async () => {
    const head = validText.slice(0, validText.lastIndexOf("]")) + "," + " ".repeat(9 * MB);
    const truncated = await sparseFile(head, 200 * MB);
    const gt = await groundTruth(phase);
    expect(await validateBeforeQueue((await row(phase)).id, { path: truncated, byteSize: 200 * MB }, gt, protocol)).toMatchObject({
      code: "not_json",
      message: expect.stringMatching(/instead of the '\]' closing its array/),
    });
    const whole = await sparseFile(head, 200 * MB, "]");
    expect(await validateBeforeQueue((await row(phase)).id, { path: whole, byteSize: 200 * MB }, gt, protocol)).toBeNull();
  });

  it("checks the detections within the first UPLOAD_CHECK_MB of a large file", async () => {
    const bad = JSON.stringify({ ...JSON.parse(validText)[0], image_id: 987654 });
    const file = await sparseFile(`[${bad},${" ".repeat(9 * MB)}`, 200 * MB, "]");
    const failure = await validateBeforeQueue(
      (await row(phase)).id,
      { path: file, byteSize: 200 * MB },
      await groundTruth(phase),
      protocol,
    );
    expect(failure).toMatchObject({
      code: "invalid_results",
      message: expect.stringMatching(/The first 8\.0 MiB .* 1 problem\(s\)[\s\S]*987654/),
    });
  });
});

describe("refused uploads count toward a per-team daily limit", () => {
  it("answers 429 refused_uploads_exceeded once the team had REFUSED_UPLOADS_PER_DAY (20) refusals today", async () => {
    const p = await createScoredPhase({ maxSubmissionsPerDay: 100, maxSubmissionsTotal: 100, maxConcurrent: 100 });
    for (let i = 0; i < 19; i++) {
      await prisma.submission.create({
        data: {
          phaseId: p.phaseId,
          teamId: p.teamId,
          originalFilename: "bomb.json.gz",
          storageKey: "0".repeat(64),
          sha256: "0".repeat(64),
          byteSize: 1n,
          status: "FAILED",
          countsTowardQuota: false,
          refused: true,
        },
      });
    }
    expect((await submit(p, "[]", "results.json")).status).toBe("FAILED"); // the 20th refusal
    const refusal = await submit(p, validText, "results.json").catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(SubmissionError);
    expect(refusal).toMatchObject({ status: 429, code: "refused_uploads_exceeded" });
    expect((refusal as SubmissionError).headers?.["Retry-After"]).toMatch(/^\d+$/);
  });
});
