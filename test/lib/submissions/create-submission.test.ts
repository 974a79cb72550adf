import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import zlib from "node:zlib";
import { prisma } from "@/lib/db";
import { getEvaluationsQueue } from "@/lib/queue";
import { createSubmission } from "@/lib/submissions/create-submission";
import { SubmissionError } from "@/lib/submissions/errors";
import { AuthError } from "@/lib/auth/errors";
import { anonymousViewer, type Viewer } from "@/lib/auth/viewer";
import { createUser } from "../../helpers/factories";
import { createScoredPhase, FIXTURE_DT, type ScoredPhase } from "../../helpers/submission-fixtures";
import { zipBuffer } from "../../coco/temp-files";

const validText = readFileSync(FIXTURE_DT, "utf8");
const valid = JSON.parse(validText) as Record<string, unknown>[];
const day = 24 * 3600_000;

function uploadRequest(
  content: string | Buffer,
  filename = "results.json",
  description?: string,
  extra: Record<string, string> = {},
): Request {
  const form = new FormData();
  if (description !== undefined) form.append("description", description);
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  form.append("file", new Blob([typeof content === "string" ? content : new Uint8Array(content)]), filename);
  return new Request("http://localhost/upload", { method: "POST", body: form });
}

function submit(viewer: Viewer, phase: ScoredPhase, content: string | Buffer, filename?: string, description?: string) {
  return createSubmission(
    viewer,
    { challengeSlug: phase.challengeSlug, phaseSlug: phase.phaseSlug },
    uploadRequest(content, filename, description),
  );
}

async function refusal(p: Promise<unknown>): Promise<SubmissionError | AuthError> {
  const e = await p.then(
    () => null,
    (err) => err,
  );
  if (e instanceof SubmissionError || e instanceof AuthError) return e;
  throw new Error(`expected a refusal, got ${e}`);
}

let phase: ScoredPhase;

beforeAll(async () => {
  phase = await createScoredPhase({ maxSubmissionsPerDay: 100, maxSubmissionsTotal: 100, maxConcurrent: 100 });
});

afterAll(async () => {
  await getEvaluationsQueue().close();
  await prisma.$disconnect();
});

describe("createSubmission: accepted files", () => {
  it("stores a valid .json, inserts a QUEUED row and queues a job whose id is the submission id", async () => {
    const created = await submit(phase.member.viewer, phase, validText, "results.json", "mask r-cnn, 1x");
    expect(created).toEqual({ id: expect.any(String), status: "QUEUED", error: null });
    const row = await prisma.submission.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({
      status: "QUEUED",
      teamId: phase.teamId,
      userId: phase.member.id,
      originalFilename: "results.json",
      description: "mask r-cnn, 1x",
      sha256: createHash("sha256").update(validText).digest("hex"),
      byteSize: BigInt(Buffer.byteLength(validText)),
      countsTowardQuota: true,
      isBaseline: false,
    });
    const job = await getEvaluationsQueue().getJob(created.id);
    expect(job?.data).toEqual({ submissionId: created.id });
  });

  it("accepts .json.gz and a .zip holding one .json", async () => {
    const gz = await submit(phase.member.viewer, phase, zlib.gzipSync(validText), "results.json.gz");
    const zip = await submit(phase.member.viewer, phase, zipBuffer([{ name: "results.json", content: validText }]), "results.zip");
    expect([gz.status, zip.status]).toEqual(["QUEUED", "QUEUED"]);
  });

  it("lets organizers upload outside the window and beyond quotas: a private test entry unless they ask for a baseline", async () => {
    const closed = await createScoredPhase({
      startsAt: new Date(Date.now() - 3 * day),
      endsAt: new Date(Date.now() - day),
      maxSubmissionsPerDay: 0,
    });
    const created = await submit(closed.organizer.viewer, closed, validText);
    expect(created.status).toBe("QUEUED");
    expect(await prisma.submission.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ isBaseline: false, teamId: null });
    const baseline = await createSubmission(
      closed.organizer.viewer,
      { challengeSlug: closed.challengeSlug, phaseSlug: closed.phaseSlug },
      uploadRequest(validText, "baseline.json", "Mask R-CNN", { baseline: "1" }),
    );
    expect(await prisma.submission.findUniqueOrThrow({ where: { id: baseline.id } })).toMatchObject({ isBaseline: true, teamId: null });
  });
});

describe("createSubmission: invalid files fail with a specific message and do not use quota", () => {
  const cases: [string, string | Buffer, string, RegExp][] = [
    ["not JSON", '[{"image_id": 1,, }]', "not_json", /byte \d+/],
    ["top level not an array", '{"annotations": []}', "not_array", /array/i],
    ["empty array", "[]", "empty", /empty|no detections/i],
    [
      "mask size differs from the image",
      JSON.stringify([{ ...valid[0], segmentation: { size: [427, 640], counts: "Z" } }]),
      "invalid_results",
      /results\[0\]\.segmentation\.size is \[427, 640\] but image 1 is 480x640/,
    ],
    [
      "unknown category",
      JSON.stringify([{ ...valid[0], category_id: 91 }]),
      "invalid_results",
      /results\[0\]\.category_id 91 is not a category of this challenge/,
    ],
    [
      "image not in the test set",
      JSON.stringify([valid[0], { ...valid[1], image_id: 123 }]),
      "invalid_results",
      /results\[1\]\.image_id 123 is not in the \d+ images of phase "[^"]+"; detect only on those images/,
    ],
    ["score not a number", JSON.stringify([{ ...valid[0], score: "high" }]), "invalid_results", /results\[0\]\.score/],
    [
      "RLE counts do not sum to h*w",
      JSON.stringify([{ ...valid[0], segmentation: { size: [480, 640], counts: [10, 20] } }]),
      "invalid_results",
      /results\[0\]\.segmentation/,
    ],
    [
      "bad RLE characters",
      JSON.stringify([{ ...valid[0], segmentation: { size: [480, 640], counts: "ab\u00ff" } }]),
      "invalid_results",
      /results\[0\]\.segmentation/,
    ],
  ];

  it.each(cases)("%s", async (_label, content, code, message) => {
    const created = await submit(phase.member.viewer, phase, content);
    expect(created.status).toBe("FAILED");
    expect(created.error?.code).toBe(code);
    expect(created.error?.message).toMatch(message);
    const row = await prisma.submission.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ status: "FAILED", errorCode: code, countsTowardQuota: false });
    expect(row.errorMessage).toMatch(message);
    expect(await getEvaluationsQueue().getJob(created.id)).toBeUndefined();
  });

  it("lists at most 20 problems (a few examples of each kind) with the total count", async () => {
    // seven kinds of mistake (different fields), three examples of each are listed at most
    const kinds: unknown[] = [
      { image_id: -1 },
      { category_id: 91 },
      { score: null },
      { bbox: [1, 2] },
      { segmentation: { size: [1, 1], counts: "0" } },
      { segmentation: { size: [480, 640], counts: [1, 2] } },
      7,
    ];
    const bad = Array.from({ length: 40 }, (_, i) => {
      const k = kinds[i % kinds.length];
      return typeof k === "object" ? { ...valid[0], ...k } : k;
    });
    const created = await submit(phase.member.viewer, phase, JSON.stringify(bad));
    expect(created.error?.problems).toHaveLength(20);
    expect(created.error?.total).toBe(40);
    expect(created.error?.message).toMatch(/and 20 more/);
  });
});

describe("createSubmission: refusals", () => {
  it("refuses anonymous viewers (401) and users of no registered team, saying how to register (403)", async () => {
    expect((await refusal(submit(anonymousViewer, phase, validText))).status).toBe(401);
    const outsider = await createUser();
    const e = await refusal(submit(outsider.viewer, phase, validText));
    expect(e.status).toBe(403);
    expect(e.message).toContain(`/api/v1/challenges/${phase.challengeSlug}/register`);
  });

  it("refuses uploads outside the phase window with the dates (403)", async () => {
    const future = await createScoredPhase({ startsAt: new Date(Date.now() + day), endsAt: new Date(Date.now() + 2 * day) });
    const e = await refusal(submit(future.member.viewer, future, validText));
    expect(e).toMatchObject({ status: 403, code: "phase_not_open" });
    expect(e.details.startsAt).toBeTypeOf("string");
  });

  it("after the end, refuses uploads (403 phase_closed) unless late submissions are on: then scored, marked late, never ranked", async () => {
    const ended = await createScoredPhase({ startsAt: new Date(Date.now() - 3 * day), endsAt: new Date(Date.now() - day) });
    expect(await refusal(submit(ended.member.viewer, ended, validText))).toMatchObject({ status: 403, code: "phase_closed" });
    await prisma.phase.update({ where: { id: ended.phaseId }, data: { allowLateSubmissions: true } });
    const late = await submit(ended.member.viewer, ended, validText);
    expect(late.status).toBe("QUEUED");
    expect(await prisma.submission.findUniqueOrThrow({ where: { id: late.id } })).toMatchObject({ isLate: true, teamId: ended.teamId });
  });

  it("refuses files over the phase's size cap (413) and unknown file types (415)", async () => {
    const small = await createScoredPhase();
    await prisma.phase.update({ where: { id: small.phaseId }, data: { maxUploadBytes: 1000 } });
    expect(await refusal(submit(small.member.viewer, small, validText))).toMatchObject({ status: 413, code: "file_too_large" });
    expect(await refusal(submit(small.member.viewer, small, "[]", "results.csv"))).toMatchObject({ status: 415 });
    expect(await prisma.submission.count({ where: { phaseId: small.phaseId } })).toBe(0);
  });

  it("accepts exactly 3 of 20 concurrent uploads against a daily quota of 3; the rest get 429 with the reset time", async () => {
    const race = await createScoredPhase({ maxSubmissionsPerDay: 3, maxSubmissionsTotal: 100, maxConcurrent: 100 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => submit(race.member.viewer, race, validText, `r${i}.json`)),
    );
    const accepted = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as SubmissionError] : []));
    expect(accepted).toHaveLength(3);
    expect(refused).toHaveLength(17);
    for (const e of refused) {
      expect(e).toMatchObject({ status: 429, code: "quota_exceeded" });
      expect(Number(e.headers["Retry-After"])).toBeGreaterThan(0);
      expect(e.message).toMatch(/resets at \d{4}-\d\d-\d\dT00:00:00\.000Z/);
    }
    expect(await prisma.submission.count({ where: { phaseId: race.phaseId } })).toBe(3);
  });

  it("does not count failed validations, and caps submissions queued or running at once", async () => {
    const p = await createScoredPhase({ maxSubmissionsPerDay: 1, maxSubmissionsTotal: 10, maxConcurrent: 1 });
    expect((await submit(p.member.viewer, p, "[]")).status).toBe("FAILED");
    expect((await submit(p.member.viewer, p, validText)).status).toBe("QUEUED");
    expect(await refusal(submit(p.member.viewer, p, validText))).toMatchObject({ status: 429 });

    const q = await createScoredPhase({ maxSubmissionsPerDay: 10, maxSubmissionsTotal: 10, maxConcurrent: 1 });
    await submit(q.member.viewer, q, validText);
    expect(await refusal(submit(q.member.viewer, q, validText))).toMatchObject({ status: 429, code: "too_many_in_flight" });
  });

  it("starts counting again after the organizers reset a team's quota", async () => {
    const p = await createScoredPhase({ maxSubmissionsPerDay: 1, maxSubmissionsTotal: 1, maxConcurrent: 10 });
    await submit(p.member.viewer, p, validText);
    expect(await refusal(submit(p.member.viewer, p, validText))).toMatchObject({ status: 429 });
    await prisma.challengeParticipant.update({ where: { id: p.participantId }, data: { quotaResetAt: new Date() } });
    expect((await submit(p.member.viewer, p, validText)).status).toBe("QUEUED");
  });
});
