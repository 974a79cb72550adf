// The public leaderboards in a real browser: overall ranking, the per-class heatmap sorted by a
// class, a team's submission page with its PR-curve chart. Screenshots go to test-results/leaderboard.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, screenshotDir } from "../helpers/browser";
import { getBaseUrl, SERVER_STARTUP_TIMEOUT_MS } from "../helpers/server";
import { minutesAgo, seedChallenge, seedSubmission, seedTeam, type SeededChallenge } from "../lib/leaderboard/seed";

let baseUrl: string;
let browser: Browser;
let page: Page;
let ch: SeededChallenge;
const shots = screenshotDir("leaderboard");

beforeAll(async () => {
  baseUrl = await getBaseUrl();
  ch = await seedChallenge({
    title: "Browser leaderboard",
    description: "Find **every** object.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>window.injected = true</script>",
    categories: [
      { cocoId: 1, name: "person" },
      { cocoId: 2, name: "bicycle" },
      { cocoId: 3, name: "car" },
      { cocoId: 4, name: "zebra", publicCount: 0 },
    ],
  });
  // Overall order: Gamma, Alpha, Beta. On "car" the order is Beta, Gamma, Alpha.
  const teams = [
    { name: "Alpha", primary: 0.52, classes: { 1: 0.7, 2: 0.5, 3: 0.1, 4: -1 } },
    { name: "Beta", primary: 0.41, classes: { 1: 0.3, 2: 0.2, 3: 0.9, 4: -1 } },
    { name: "Gamma", primary: 0.63, classes: { 1: 0.8, 2: 0.6, 3: 0.5, 4: -1 } },
  ];
  for (const [i, t] of teams.entries()) {
    const team = await seedTeam(ch, t.name);
    await seedSubmission(ch, { team, createdAt: minutesAgo(60 - i), public: { primary: t.primary - 0.1, classes: t.classes } });
    await seedSubmission(ch, { team, createdAt: minutesAgo(30 - i), public: { primary: t.primary, classes: t.classes } });
  }
  await seedSubmission(ch, {
    team: null,
    isBaseline: true,
    description: "Mask R-CNN",
    createdAt: minutesAgo(90),
    public: { primary: 0.45, classes: { 4: -1 } },
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, SERVER_STARTUP_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
});

async function columnTexts(selector: string): Promise<string[]> {
  return page.locator(selector).allInnerTexts();
}

describe("leaderboard in the browser", { timeout: 120_000 }, () => {
  it("shows the overview with sanitized Markdown and the overall ranking", async () => {
    await page.goto(`${baseUrl}/c/${ch.slug}`);
    await page.getByRole("heading", { name: "Browser leaderboard" }).waitFor();
    expect(await page.locator(".mb-markdown strong").first().innerText()).toBe("every");
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    expect(await page.getByTestId("protocol").innerText()).toContain("every class counts equally");
    expect(await page.getByTestId("ranking-rule").innerText()).toMatch(
      /best scored submission.*share a rank \(1, 2, 2, 4\).*earlier submission/,
    );
    const glossary = await page.getByTestId("metrics-glossary").innerText();
    expect(glossary).toContain("AP averaged over");
    expect(glossary).toMatch(/AR100\s+Average recall with up to 100 detections per image/);

    await page.goto(`${baseUrl}/c/${ch.slug}/leaderboard`);
    const table = page.getByTestId("overall-leaderboard");
    await table.waitFor();
    const teams = await columnTexts("[data-testid=overall-leaderboard] tbody tr td:nth-child(2)");
    expect(teams.map((t) => t.replace(/\s+/g, " ").trim())).toEqual(["Gamma", "Alpha", "Baseline: Mask R-CNNbaseline", "Beta"]);
    expect(await columnTexts("[data-testid=overall-leaderboard] tbody tr td:nth-child(1)")).toEqual(["1", "2", "—", "3"]);
    await page.screenshot({ path: `${shots}/overall.png`, fullPage: true });

    // Sorting by a column is a plain link: the server re-orders.
    await page.getByRole("link", { name: "Team", exact: true }).click();
    await page.waitForURL(/sort=team/);
    expect((await columnTexts("[data-testid=overall-leaderboard] tbody tr td:nth-child(2)"))[0]).toContain("Alpha");
  });

  it("sorts the per-class heatmap by a class and shows a class's ranking", async () => {
    await page.goto(`${baseUrl}/c/${ch.slug}/leaderboard/classes`);
    const matrix = page.getByTestId("class-matrix");
    await matrix.waitFor();
    // zebra has no ground truth in the public split: dashes, never 0.
    expect(await columnTexts("[data-testid=class-matrix] tbody tr td:nth-child(6)")).toEqual(["—", "—", "—", "—"]);
    await matrix.getByRole("link", { name: "car", exact: true }).click();
    await page.waitForURL(/sort=class%3A3|sort=class:3/);
    const teamsByCar = await columnTexts("[data-testid=class-matrix] tbody tr td:nth-child(2)");
    expect(teamsByCar.map((t) => t.replace(/\s+/g, " ").trim())).toEqual(["Beta", "Gamma", "Baseline: Mask R-CNNbaseline", "Alpha"]);
    expect(await columnTexts("[data-testid=class-matrix] tbody tr td:nth-child(5)")).toEqual(["90.0", "50.0", "45.0", "10.0"]);
    await page.screenshot({ path: `${shots}/classes-sorted-by-car.png`, fullPage: true });

    await page.getByTestId("class-picker").getByRole("link", { name: "car", exact: true }).click();
    const ranking = page.getByTestId("class-ranking");
    await ranking.waitFor();
    const text = await ranking.innerText();
    expect(text).toContain("Best team");
    expect(text).toContain("Beta (AP 0.900)");
    expect(text).toContain("0.500"); // mean of 0.9, 0.5, 0.1 over ranked teams
  });

  it("opens a submission and sees its PR-curve chart", async () => {
    await page.goto(`${baseUrl}/c/${ch.slug}/leaderboard`);
    await page.getByTestId("overall-leaderboard").getByRole("link", { name: "Gamma" }).click();
    await page.waitForURL(/\/submissions\//);
    const chart = page.getByTestId("pr-chart");
    await chart.waitFor();
    expect(await chart.locator("polyline[data-series=iou50]").count()).toBe(1);
    expect((await chart.locator("polyline[data-series=mean]").getAttribute("points"))?.split(" ").length).toBeGreaterThan(50);
    await page.getByTestId("pr-class-picker").getByRole("link", { name: "car" }).click();
    await page.waitForURL(/class=3/);
    await page.getByRole("heading", { name: /curves: car/ }).waitFor();
    expect(await page.getByTestId("per-class-table").innerText()).toContain("zebra");
    await page.screenshot({ path: `${shots}/submission.png`, fullPage: true });
  });
});
