// The organizer console end to end in Debian Chromium: create a challenge through the forms, upload the
// ground truth, let a team submit, switch the protocol to IoU 0.50 only, re-evaluate, and read the
// leaderboard computed with the new config version.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { prisma } from "@/lib/db";
import { bearerHeadersFor, sessionCookieFor } from "../helpers/auth";
import { launchChromium, screenshotDir } from "../helpers/browser";
import { createTeam, createUser, registerTeam, uniqueSuffix } from "../helpers/factories";
import { SERVER_STARTUP_TIMEOUT_MS, getBaseUrl } from "../helpers/server";
import { startWorker, type RunningWorker } from "../helpers/worker";

const SHOTS = screenshotDir("organizer");
const GT = "prisma/demo/ground-truth.json";
const RESULTS = "prisma/demo/results-strong.json";

let baseUrl: string;
let browser: Browser;
let worker: RunningWorker;

// Against a developer's own server (MB_BASE_URL) the worker must use that server's queue prefix and files.
const workerEnv: Record<string, string> = {
  ...(process.env.MB_E2E_WORKER_BULLMQ_PREFIX ? { BULLMQ_PREFIX: process.env.MB_E2E_WORKER_BULLMQ_PREFIX } : {}),
  ...(process.env.MB_E2E_WORKER_DATA_DIR ? { DATA_DIR: process.env.MB_E2E_WORKER_DATA_DIR } : {}),
};

beforeAll(async () => {
  baseUrl = await getBaseUrl();
  worker = await startWorker(workerEnv);
  browser = await launchChromium();
}, SERVER_STARTUP_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

async function waitFor<T>(what: string, poll: () => Promise<T | null | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await poll();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nworker output:\n${worker.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function expectOk(page: Page) {
  const error = await page.locator(".mo-notice-error").allTextContents();
  expect(error, "form error shown").toEqual([]);
}

describe("organizer console in the browser", () => {
  it("creates a challenge through the forms, uploads the ground truth, sets IoU 0.5 only and sees the re-evaluated leaderboard", async () => {
    const organizer = await createUser({ canCreateChallenges: true, name: "Olga Organizer" });
    const participant = await createUser({ name: "Pat Participant" });
    const team = await createTeam(participant, { name: `Strong team ${uniqueSuffix()}` });
    const slug = `e2e-${uniqueSuffix()}`;

    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const [name, value] = (await sessionCookieFor(organizer.id)).split("=");
    await context.addCookies([{ name, value, url: baseUrl }]);
    const page = await context.newPage();

    // 1. Create the challenge.
    await page.goto(`${baseUrl}/manage/new`);
    await page.getByLabel("Title").fill("E2E street scenes");
    await page.getByLabel(/^Slug/).fill(slug);
    await page.getByLabel(/^Summary/).fill("Created by the organizer end-to-end test.");
    await page.getByLabel(/^Description/).fill("# Welcome\nSegment everything.");
    await page.getByRole("button", { name: "Create challenge" }).click();
    await page.waitForURL(`**/c/${slug}/manage?**`);
    await expectOk(page);

    // 2. Add a phase.
    await page.getByRole("link", { name: "+ Phase" }).click();
    await page.getByLabel("Name").fill("Test");
    await page.getByLabel("Slug").fill("test");
    await page.getByRole("button", { name: "Create phase" }).click();
    await page.waitForURL(`**/c/${slug}/manage/phases/test?**`);
    await expectOk(page);

    // 3. Upload the hidden ground truth and see its summary.
    await page.locator('input[type="file"]').setInputFiles(GT);
    await page.getByRole("button", { name: "Upload ground truth" }).click();
    await page.getByText(/Ground truth uploaded: 40 images/).waitFor();
    await page.getByRole("table", { name: "Instances per class" }).waitFor();
    await page.screenshot({ path: `${SHOTS}/1-ground-truth.png`, fullPage: true });

    // 4. Publish.
    await page.getByRole("link", { name: "Challenge", exact: true }).click();
    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByText("Challenge is now PUBLISHED.").waitFor();

    // 5. A team submits (API, as participants do) and the worker scores it with config version 1.
    const challenge = await prisma.challenge.findUniqueOrThrow({ where: { slug } });
    await registerTeam(challenge, team);
    const form = new FormData();
    form.append("file", new Blob([readFileSync(RESULTS)]), "results-strong.json");
    const upload = await fetch(`${baseUrl}/api/v1/challenges/${slug}/phases/test/submissions`, {
      method: "POST",
      body: form,
      headers: await bearerHeadersFor(participant.id),
    });
    expect(upload.status, await upload.clone().text()).toBe(202);
    const { id } = await upload.json();
    const v1 = await waitFor("the first evaluation", async () => {
      const s = await prisma.submission.findUniqueOrThrow({ where: { id }, include: { scores: true } });
      if (s.status === "FAILED") throw new Error(`evaluation failed: ${s.errorMessage}`);
      return s.status === "FINISHED" && s.scores.find((x) => x.split === "PUBLIC");
    });
    expect(v1.evalConfigVersion).toBe(1);

    // 6. IoU 0.50 only: a new config version; the page offers to re-evaluate the older submission.
    await page.goto(`${baseUrl}/c/${slug}/manage/phases/test`);
    await page.getByLabel("PASCAL VOC style (0.50)").check();
    await page.getByRole("button", { name: /Save protocol/ }).click();
    await page.getByText(/Saved as config version 2/).waitFor();
    await page.getByText(/1 submission\(s\) were scored with an older config version/).waitFor();
    await page.screenshot({ path: `${SHOTS}/2-protocol-v2.png`, fullPage: true });
    // Until it is re-evaluated, the version-1 score is not mixed into the version-2 leaderboard.
    const board = await context.newPage();
    await board.goto(`${baseUrl}/c/${slug}/leaderboard?phase=test`);
    await board.getByTestId("overall-leaderboard").waitFor();
    expect(await board.getByRole("row").filter({ hasText: team.name }).count()).toBe(0);
    await board.close();
    // Re-running a whole open phase is safeguarded: open the panel, confirm and override (audited).
    await page.locator("summary", { hasText: "Re-evaluate all with version 2" }).click();
    const panel = page.locator("details[open]");
    await panel.getByLabel("I want to re-run every submission of this phase.").check();
    await panel.getByLabel(/Do it anyway/).check();
    await panel.getByRole("button", { name: "Re-evaluate all with version 2" }).click();
    await page.getByText("1 submission(s) queued for re-evaluation.").waitFor();

    const v2 = await waitFor("the re-evaluation", async () => {
      const s = await prisma.submission.findUniqueOrThrow({ where: { id }, include: { scores: true } });
      const score = s.scores.find((x) => x.split === "PUBLIC");
      return s.status === "FINISHED" && score?.evalConfigVersion === 2 && score;
    });
    // With 0.50 as the only threshold, AP is what AP50 was under COCO's ten thresholds.
    expect(v2.ap).toBeCloseTo(v1.ap50, 12);
    expect(v2.ap).not.toBeCloseTo(v1.ap, 3);

    // 7. The public leaderboard ranks by the new version's AP.
    await page.goto(`${baseUrl}/c/${slug}/leaderboard?phase=test`);
    const row = page.getByRole("row").filter({ hasText: team.name });
    await row.waitFor();
    await expect(row.locator("td.mb-primary").textContent()).resolves.toBe(v2.primary.toFixed(3));
    await page.screenshot({ path: `${SHOTS}/3-leaderboard-v2.png`, fullPage: true });

    // 8. The dashboard shows the queue, the team and the audit trail.
    await page.goto(`${baseUrl}/c/${slug}/manage`);
    await page.getByRole("heading", { name: "Audit log" }).waitFor();
    const audit = await page.locator("section", { has: page.getByRole("heading", { name: "Audit log" }) }).textContent();
    for (const action of [
      "challenge.create",
      "phase.create",
      "groundTruth.upload",
      "challenge.status.published",
      "evalConfig.version",
      "phase.rerun",
    ])
      expect(audit).toContain(action);
    await page.screenshot({ path: `${SHOTS}/4-dashboard.png`, fullPage: true });
    await context.close();
  }, 600_000);
});
