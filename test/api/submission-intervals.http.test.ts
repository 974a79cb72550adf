// The submission page shows the bootstrap intervals of every stat next to the point values, the paired
// difference in the comparison view, and no private-split interval before the viewer may see private
// scores. Real results files scored by lib/scoring and bootstrapped by computeScoreStatistics.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { scoreSubmission } from "@/lib/scoring/score-submission";
import { computeScoreStatistics } from "@/lib/statistics/compute-score-statistics";
import { STAT_KEYS, type StoredIntervals } from "@/lib/statistics/intervals";
import { loadPairedStatistics } from "@/lib/statistics/submission-statistics";
import { loadSubmissionView } from "@/lib/leaderboard/submission-view";
import { writeTemp } from "../coco/temp-files";
import { sessionCookieFor } from "../helpers/auth";
import { fetchPages } from "../helpers/leak-search";
import { getBaseUrl, SERVER_STARTUP_TIMEOUT_MS } from "../helpers/server";
import { createScoredPhase, FIXTURE_DT, insertSubmission, type ScoredPhase } from "../helpers/submission-fixtures";

let baseUrl: string;
let phase: ScoredPhase;
let strong: string;
let weak: string;

const bracket = (ci: [number, number] | null) => (ci ? `[${ci[0].toFixed(3)}, ${ci[1].toFixed(3)}]` : "—");

async function scored(file: string): Promise<string> {
  const id = await insertSubmission(phase, file, "RUNNING");
  await scoreSubmission(id);
  expect(await computeScoreStatistics(id)).toMatchObject({ written: true });
  return id;
}

async function stored(submissionId: string, split: "PUBLIC" | "PRIVATE") {
  const row = await prisma.scoreStatistics.findUniqueOrThrow({ where: { submissionId_split: { submissionId, split } } });
  return { row, intervals: row.intervals as unknown as StoredIntervals };
}

/** The text of each element with data-testid `prefix<key>`. */
function byTestId(html: string, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(new RegExp(`data-testid="${prefix}([\\w-]+)"[^>]*>([^<]*)<`, "g"))) out[m[1]] = m[2];
  return out;
}

async function page(userId: string, query: string): Promise<string> {
  const res = await fetch(`${baseUrl}/c/${phase.challengeSlug}/submissions/${strong}${query}`, {
    headers: { cookie: await sessionCookieFor(userId) },
  });
  expect(res.status).toBe(200);
  return res.text();
}

beforeAll(async () => {
  baseUrl = await getBaseUrl();
  phase = await createScoredPhase();
  const detections = JSON.parse(fs.readFileSync(FIXTURE_DT, "utf8")) as unknown[];
  strong = await scored(FIXTURE_DT);
  weak = await scored(
    writeTemp(
      "weaker.json",
      detections.filter((_, i) => i % 2 === 0),
    ),
  );
}, SERVER_STARTUP_TIMEOUT_MS);

afterAll(async () => {
  await prisma.$disconnect();
});

describe("the submission page's intervals", () => {
  it("shows the interval of every stat of each visible split next to its value", async () => {
    const html = await page(phase.organizer.id, "");
    for (const split of ["public", "private"] as const) {
      const { row, intervals } = await stored(strong, split === "public" ? "PUBLIC" : "PRIVATE");
      const shown = byTestId(html, `ci-${split}-`);
      // The primary metric (AP) has its own tile; the other 11 stats follow.
      expect(Object.keys(shown).sort()).toEqual(["primary", ...STAT_KEYS.filter((k) => k !== "ap")].sort());
      expect(shown.primary).toBe(bracket([row.primaryLow!, row.primaryHigh!]));
      for (const key of STAT_KEYS.filter((k) => k !== "ap")) expect(shown[key], `${split} ${key}`).toBe(bracket(intervals.stats[key]));
    }
    expect(html.replaceAll("<!-- -->", "")).toContain(`95% bootstrap percentile interval over 1000 resamplings`);
  });

  it("hides private-split intervals exactly as it hides private scores", async () => {
    const cookie = await sessionCookieFor(phase.member.id);
    const routes = [
      `/c/${phase.challengeSlug}/submissions/${strong}?split=private`,
      `/c/${phase.challengeSlug}/submissions/${strong}?compare=${weak}&split=private`,
    ];
    // The HTML carries the page's React Server Component payload too (the inline flight data).
    const pages = await fetchPages(baseUrl, routes, { cookie });
    const [pub, priv] = await Promise.all([stored(strong, "PUBLIC"), stored(strong, "PRIVATE")]);
    const publicShown = new Set([...Object.values(pub.intervals.stats).map(bracket), bracket([pub.row.primaryLow!, pub.row.primaryHigh!])]);
    const needles = [...Object.values(priv.intervals.stats).map(bracket), bracket([priv.row.primaryLow!, priv.row.primaryHigh!])].filter(
      (text) => text !== "—" && !publicShown.has(text),
    );
    expect(needles.length).toBeGreaterThan(0);
    for (const p of pages) {
      expect(p.status, p.route).toBe(200);
      expect(p.body, p.route).not.toMatch(/ci-private-/);
      for (const needle of needles) expect(p.body.includes(needle), `${p.route} shows ${needle}`).toBe(false);
    }
    const html = pages[0].body;
    expect(Object.keys(byTestId(html, "ci-public-")).length).toBe(12);
    expect(html).toContain("Private-split scores appear here once the organizers release the private split.");
    // The same search finds them where the viewer may see them.
    const organizer = await page(phase.organizer.id, "?split=private");
    expect(needles.every((needle) => organizer.includes(needle))).toBe(true);
  });

  it("shows the paired difference of the primary metric and of each stat in the comparison view", async () => {
    const html = await page(phase.organizer.id, `?compare=${weak}&split=private`);
    const [a, b] = await Promise.all([strong, weak].map((id) => loadSubmissionView(phase.organizer.viewer, phase.challengeSlug, id)));
    const paired = await loadPairedStatistics(a, b, "private");
    if (paired?.status !== "paired") throw new Error(`expected a paired comparison, got ${JSON.stringify(paired)}`);
    const sentence = /data-testid="paired-primary"[^>]*>(.*?)<\/p>/s.exec(html)?.[1].replace(/<!-- -->|<\/?strong>/g, "");
    const d = paired.primary!;
    expect(sentence).toContain(`= ${d.delta >= 0 ? "+" : ""}${d.delta.toFixed(3)}, 95% paired interval ${bracket(d.ci)}`);
    expect(sentence).toContain(`scores higher in ${(d.fractionBetter! * 100).toFixed(1)}% of 1000 resamplings`);
    const cells = byTestId(html, "paired-ci-");
    expect(Object.keys(cells)).toEqual([...STAT_KEYS]);
    for (const key of STAT_KEYS) expect(cells[key], key).toBe(bracket(paired.stats[key]?.ci ?? null));
  });
});
