// The hidden ground truth never leaves the server. A phase gets a real ground truth (a shared COCO
// fixture); its annotations' printed coordinates, areas and boxes are searched for in every answer a
// participant or visitor can get: validation errors of a bad results file, the submission status,
// pages, leaderboards, and guessed download paths built from the storage key. Organizers' exports
// must not carry the annotations either.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { SERVER_STARTUP_TIMEOUT_MS, getBaseUrl } from "../helpers/server";
import { sessionCookieFor } from "../helpers/auth";
import { createScoredPhase, FIXTURE_GT, type ScoredPhase } from "../helpers/submission-fixtures";

type Ann = { segmentation: number[][] | object; area: number; bbox: number[] };

let baseUrl: string;
let phase: ScoredPhase;
let storageKey: string;
let failedSubmissionId: string;

/** Printed forms of the ground truth's annotations that no participant-facing answer may contain. */
function gtNeedles(): string[] {
  const gt = JSON.parse(readFileSync(FIXTURE_GT, "utf8")) as { annotations: Ann[] };
  const needles = new Set<string>();
  for (const a of gt.annotations) {
    if (Array.isArray(a.segmentation)) {
      const poly = (a.segmentation as number[][])[0];
      needles.add(poly.slice(0, 4).join(","));
      needles.add(poly.slice(0, 4).join(", "));
    }
    if (!Number.isInteger(a.area)) needles.add(String(a.area));
    needles.add(a.bbox.join(","));
  }
  return [...needles];
}

function leaks(label: string, body: string): string[] {
  const found = gtNeedles()
    .filter((n) => body.includes(n))
    .map((n) => `${label} contains ground-truth text ${n}`);
  if (body.includes(storageKey)) found.push(`${label} contains the ground truth's storage key`);
  return found;
}

async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const res = await fetch(baseUrl + path, { headers, redirect: "manual" });
  return { status: res.status, body: await res.text() };
}

beforeAll(async () => {
  baseUrl = await getBaseUrl();
  phase = await createScoredPhase();
  storageKey = (await prisma.groundTruth.findUniqueOrThrow({ where: { phaseId: phase.phaseId } })).storageKey;

  // A results file with every kind of mistake the validator reports against the ground truth.
  const gt = JSON.parse(readFileSync(FIXTURE_GT, "utf8")) as { annotations: (Ann & { image_id: number; category_id: number })[] };
  const a = gt.annotations[0];
  const bad = [
    { image_id: 999999, category_id: a.category_id, segmentation: a.segmentation, score: 0.9 },
    { image_id: a.image_id, category_id: 987654, segmentation: a.segmentation, score: 0.9 },
    { image_id: a.image_id, category_id: a.category_id, segmentation: { size: [3, 3], counts: "09" }, score: 0.9 },
    { image_id: a.image_id, category_id: a.category_id, bbox: [1, 2, 3], segmentation: [[1, 1, 2, 2, 3, 1]], score: 0.9 },
  ];
  const form = new FormData();
  form.set("file", new Blob([JSON.stringify(bad)]), "results.json");
  const res = await fetch(`${baseUrl}/api/v1/challenges/${phase.challengeSlug}/phases/${phase.phaseSlug}/submissions`, {
    method: "POST",
    body: form,
    headers: { cookie: await sessionCookieFor(phase.member.id), origin: baseUrl },
  });
  const text = await res.text();
  expect(res.status, text).toBe(422);
  failedSubmissionId = (JSON.parse(text) as { id: string }).id;
  (globalThis as { uploadAnswer?: string }).uploadAnswer = text;
}, SERVER_STARTUP_TIMEOUT_MS);

describe("the hidden ground truth", { timeout: 180_000 }, () => {
  it("the needles are real (the fixture's annotations are in the stored file)", () => {
    const stored = readFileSync(FIXTURE_GT, "utf8");
    expect(gtNeedles().length).toBeGreaterThan(5);
    expect(gtNeedles().every((n) => stored.includes(n.replaceAll(", ", ",")))).toBe(true);
  });

  it("validation errors name image ids, sizes and category ids, never annotations", () => {
    const answer = (globalThis as { uploadAnswer?: string }).uploadAnswer ?? "";
    expect(answer).toContain("999999"); // the problems are listed (so the search below means something)
    expect(answer).toContain("987654");
    expect(leaks("the 422 answer", answer)).toEqual([]);
  });

  it("no participant-facing page or API answer contains it", async () => {
    const s = phase.challengeSlug;
    const member = { cookie: await sessionCookieFor(phase.member.id) };
    const routes = [
      `/c/${s}`,
      `/c/${s}/leaderboard`,
      `/c/${s}/leaderboard/classes`,
      `/c/${s}/submit`,
      `/c/${s}/my-submissions`,
      `/c/${s}/submissions/${failedSubmissionId}`,
      `/api/v1/submissions/${failedSubmissionId}`,
      `/api/v1/challenges/${s}/phases/${phase.phaseSlug}/leaderboard`,
      `/api/v1/challenges/${s}/phases/${phase.phaseSlug}/leaderboard?format=csv`,
    ];
    const found: string[] = [];
    for (const route of routes) {
      for (const [who, headers] of [
        ["member", member],
        ["anonymous", {}],
        ["member RSC", { ...member, rsc: "1" }],
      ] as const) {
        const { body } = await get(route, headers);
        found.push(...leaks(`${route} (${who})`, body));
      }
    }
    expect(found).toEqual([]);
    // The failed submission's page and status do show the validation problem to its team.
    expect((await get(`/api/v1/submissions/${failedSubmissionId}`, member)).body).toContain("FAILED");
  });

  it("cannot be downloaded: no GET on the upload route, no static path under DATA_DIR", async () => {
    const s = phase.challengeSlug;
    const organizer = { cookie: await sessionCookieFor(phase.organizer.id) };
    const k = storageKey;
    const guesses = [
      `/api/v1/challenges/${s}/phases/${phase.phaseSlug}/ground-truth`,
      `/data/objects/${k.slice(0, 2)}/${k.slice(2, 4)}/${k}`,
      `/objects/${k.slice(0, 2)}/${k.slice(2, 4)}/${k}`,
      `/data/${k}`,
      `/${k}`,
      `/api/v1/files/${k}`,
      `/api/v1/storage/${k}`,
      `/_next/static/../../data/objects/${k.slice(0, 2)}/${k.slice(2, 4)}/${k}`,
      `/_next/static/..%2f..%2fdata%2fobjects%2f${k.slice(0, 2)}%2f${k.slice(2, 4)}%2f${k}`,
      `/favicon.ico/..%2f..%2fdata/objects/${k.slice(0, 2)}/${k.slice(2, 4)}/${k}`,
    ];
    const wrong: string[] = [];
    for (const path of guesses) {
      for (const headers of [{}, organizer]) {
        const { status, body } = await get(path, headers);
        if (status < 400) wrong.push(`${path}: HTTP ${status}`);
        wrong.push(...leaks(path, body).filter((l) => !l.endsWith("storage key"))); // a 404 page may echo the URL
      }
    }
    expect(wrong).toEqual([]);
  });

  it("the organizers' challenge export carries the protocol, not the annotations; others cannot get it", async () => {
    const url = `/api/v1/challenges/${phase.challengeSlug}/definition`;
    const organizer = await get(url, { cookie: await sessionCookieFor(phase.organizer.id) });
    expect(organizer.status).toBe(200);
    expect(leaks("the YAML export", organizer.body)).toEqual([]);
    const participant = await get(url, { cookie: await sessionCookieFor(phase.member.id) });
    expect([403, 404]).toContain(participant.status);
  });
});
