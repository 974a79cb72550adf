// The overall leaderboard's intervals and tied groups in a real browser, on rows scored and bootstrapped
// by the platform's own functions (test/helpers/statistics-fixtures.ts). Screenshots: test-results/leaderboard-statistics.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, screenshotDir } from "../helpers/browser";
import { getBaseUrl, SERVER_STARTUP_TIMEOUT_MS } from "../helpers/server";
import { addTeam, createStatisticsPhase, minutesAgo, scoredEntry, type StatisticsPhase } from "../helpers/statistics-fixtures";

let baseUrl: string;
let browser: Browser;
let phase: StatisticsPhase;
const shots = screenshotDir("leaderboard-statistics");
const names: Record<string, string> = {};

beforeAll(async () => {
  [baseUrl, phase] = await Promise.all([getBaseUrl(), createStatisticsPhase({ ranking: "groups" })]);
  // Leader and First are tied (Leader is never worse in a replicate, better only where image 4 is drawn); Weak is apart.
  for (const [key, variant, minutes] of [
    ["leader", "lessFalse", 30],
    ["first", "full", 20],
    ["weak", "weak", 10],
  ] as const) {
    const team = await addTeam(phase, key);
    names[key] = team.name;
    await scoredEntry(phase, team.id, variant, { createdAt: minutesAgo(minutes) });
  }
  browser = await launchChromium();
}, SERVER_STARTUP_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
});

async function open(width: number, height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(`${baseUrl}/c/${phase.challengeSlug}/leaderboard`);
  await page.getByTestId("overall-leaderboard").waitFor();
  return page;
}

describe("intervals and tied groups on the leaderboard page", { timeout: 120_000 }, () => {
  it("draws a whisker per row and a band per tied group at 1,280 px", async () => {
    const page = await open(1280, 900);
    const rows = page.locator("[data-testid=overall-leaderboard] tbody tr");
    expect(await rows.count()).toBe(3);
    // The groups rule: the tied pair shares rank 1, the next group starts at 3.
    expect(await page.locator("[data-testid=overall-leaderboard] tbody tr td:nth-child(1)").allInnerTexts()).toEqual(["1", "1", "3"]);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-rank-group")))).toEqual(["1", "1", "2"]);
    const teamCells = await page.locator("[data-testid=overall-leaderboard] tbody tr td:nth-child(2)").allInnerTexts();
    expect(teamCells[0]).toContain(names.leader);
    expect(teamCells[1]).toContain(names.first);
    expect(teamCells[1]).toContain("statistically tied with #1");
    expect(teamCells[2]).not.toContain("tied");
    // The band is visible: the tied rows' first cell paints an inset bar, the lone row's does not.
    const shadows = await page
      .locator("[data-testid=overall-leaderboard] tbody tr td:nth-child(1)")
      .evaluateAll((tds) => tds.map((td) => getComputedStyle(td).boxShadow));
    expect(shadows[0]).toMatch(/inset/);
    expect(shadows[1]).toBe(shadows[0]);
    expect(shadows[2]).not.toMatch(/4px 0px 0px/);
    expect(await page.getByTestId("tied-groups-note").innerText()).toContain("statistically tied");

    const whiskers = page.getByTestId("ci-whisker");
    expect(await whiskers.count()).toBe(3);
    const labels = await page.locator("[data-testid=ci-whisker] svg").evaluateAll((svgs) => svgs.map((s) => s.getAttribute("aria-label")));
    for (const label of labels) expect(label).toMatch(/^95% interval \d\.\d{3} to \d\.\d{3}, point estimate \d\.\d{3}$/);
    // Whiskers share one axis: the weak entry's interval [0, 0] sits left of the leader's.
    const boxes = await page
      .locator("[data-testid=ci-whisker] svg line:first-of-type")
      .evaluateAll((lines) => lines.map((l) => Number(l.getAttribute("x2"))));
    expect(boxes[2]).toBeLessThan(boxes[0]);
    await page.screenshot({ path: `${shots}/overall-1280.png`, fullPage: true });
    await page.close();
  });

  it("keeps Rank and Team in view at 360 px while the whiskers scroll", async () => {
    const page = await open(360, 800);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const frame = page.locator(".mb-table-wrap").first();
    await frame.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await page.waitForFunction(() => document.querySelector(".mb-table-wrap")!.scrollLeft > 0);
    const rank = await page.locator("[data-testid=overall-leaderboard] tbody tr:nth-child(2) td:nth-child(1)").boundingBox();
    const team = await page.locator("[data-testid=overall-leaderboard] tbody tr:nth-child(2) td:nth-child(2)").boundingBox();
    expect(rank!.x).toBeGreaterThanOrEqual(0);
    expect(team!.x + team!.width).toBeLessThanOrEqual(360);
    expect(await page.locator("[data-testid=overall-leaderboard] tbody tr:nth-child(2) td:nth-child(2)").innerText()).toContain(
      "statistically tied with #1",
    );
    await page.screenshot({ path: `${shots}/overall-360.png`, fullPage: true });
    await page.close();
  });

  it("gives per-class intervals in the heatmap's tooltips and a focusable whisker in one class's ranking", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Class 5 has ground truth on the public split's images (detection 23 is one of its false positives).
    await page.goto(`${baseUrl}/c/${phase.challengeSlug}/leaderboard/classes?category=5`);
    await page.getByTestId("class-matrix").waitFor();
    const titles = await page
      .locator("[data-testid=class-matrix] tbody td[title]")
      .evaluateAll((tds) => tds.map((td) => td.getAttribute("title") ?? ""));
    expect(titles.filter((t) => / · 95% interval \d\.\d{3}–\d\.\d{3} · /.test(t)).length).toBeGreaterThan(0);
    const ranking = page.getByTestId("class-ranking");
    await ranking.waitFor();
    const whisker = ranking.getByTestId("ci-whisker").first();
    await whisker.focus();
    expect(await whisker.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await whisker.getAttribute("title")).toMatch(/^95% interval \d\.\d{3} to \d\.\d{3}, point estimate \d\.\d{3}$/);
    await page.screenshot({ path: `${shots}/classes-1280.png`, fullPage: true });
    await page.close();
  });
});
