// The submit page in a real browser: pick a file, upload it with a progress bar, then read the
// evaluation status (and a precise error for a broken file) without leaving the page.
import { writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { launchChromium, screenshotDir } from "../helpers/browser";
import { getBaseUrl, SERVER_STARTUP_TIMEOUT_MS } from "../helpers/server";
import { sessionCookieFor } from "../helpers/auth";
import { createScoredPhase, FIXTURE_DT, type ScoredPhase } from "../helpers/submission-fixtures";

let baseUrl: string;
let browser: Browser;
let phase: ScoredPhase;
const shots = screenshotDir("submissions");

beforeAll(async () => {
  baseUrl = await getBaseUrl();
  phase = await createScoredPhase({ maxSubmissionsPerDay: 10, maxConcurrent: 10 });
  browser = await launchChromium();
}, SERVER_STARTUP_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await prisma.$disconnect();
});

async function memberPage() {
  const context = await browser.newContext();
  const [name, value] = (await sessionCookieFor(phase.member.id)).split("=");
  await context.addCookies([{ name, value, url: baseUrl }]);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/c/${phase.challengeSlug}/submit?phase=${phase.phaseSlug}`);
  return page;
}

describe("submit page", () => {
  it("uploads a picked file with a description and shows its live status", async () => {
    const page = await memberPage();
    await expect.poll(() => page.getByText(/Used today \(UTC\): 0 of 10/).count()).toBe(1);
    await page.getByTestId("file-input").setInputFiles(FIXTURE_DT);
    await page.getByPlaceholder(/Model, backbone/).fill("from the browser");
    await page.getByRole("button", { name: "Upload" }).click();
    const status = page.getByTestId("submission-status");
    await status.waitFor();
    expect(["QUEUED", "RUNNING", "FINISHED"]).toContain(await status.textContent());
    await page.screenshot({ path: `${shots}/submitted.png`, fullPage: true });
    const row = await prisma.submission.findFirstOrThrow({ where: { phaseId: phase.phaseId, description: "from the browser" } });
    expect(row.originalFilename).toBe("dt.json");
  });

  it("shows the validator's precise message for a broken file", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "mb-page-"));
    const broken = path.join(dir, "broken.json");
    const detection = JSON.parse(readFileSync(FIXTURE_DT, "utf8"))[0];
    await writeFile(broken, JSON.stringify([{ ...detection, image_id: 4242 }]));
    const page = await memberPage();
    await page.getByTestId("file-input").setInputFiles(broken);
    await page.getByRole("button", { name: "Upload" }).click();
    await expect.poll(() => page.getByTestId("submission-status").textContent()).toBe("FAILED");
    await expect.poll(() => page.getByText(/results\[0\]\.image_id 4242 is not in the \d+ images of phase "[^"]+"/).count()).toBe(1);
    await page.screenshot({ path: `${shots}/failed.png`, fullPage: true });
  });

  it("refuses a file type the API would refuse before uploading it", async () => {
    const page = await memberPage();
    const dir = await mkdtemp(path.join(tmpdir(), "mb-page-"));
    await writeFile(path.join(dir, "results.csv"), "a,b\n");
    await page.getByTestId("file-input").setInputFiles(path.join(dir, "results.csv"));
    await expect.poll(() => page.getByText(/"results.csv" is not a .json, .json.gz or .zip file/).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Upload" }).isDisabled()).toBe(true);
  });
});
