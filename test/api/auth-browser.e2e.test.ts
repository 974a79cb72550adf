// The accounts "done when" path in a real browser: sign up, create a team, invite a second user who
// joins by link, register the team, create an API token and use it; then revoke it.
import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { launchChromium, screenshotDir } from "../helpers/browser";
import { getBaseUrl, SERVER_STARTUP_TIMEOUT_MS } from "../helpers/server";
import { createChallenge } from "../helpers/factories";

let baseUrl: string;
let browser: Browser;
const shots = screenshotDir("accounts");

beforeAll(async () => {
  baseUrl = await getBaseUrl();
  browser = await launchChromium();
}, SERVER_STARTUP_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
});

const PASSWORD = "correct horse 42";

async function signUp(page: Page, email: string, path = "/signup") {
  await page.goto(`${baseUrl}${path}`);
  await expect.poll(() => page.getByText("At least 10 characters").count()).toBe(1); // rules are shown
  await page.fill("#name", email.split("@")[0]);
  await page.fill("#email", email);
  await page.fill("#password", PASSWORD);
  await page.fill("#confirm", PASSWORD);
  await page.click("button[type=submit]");
  await page.getByTestId("user-menu").getByText(email).waitFor();
}

describe("accounts in the browser", () => {
  it("sign up, team, invite by link, join, register, API token", async () => {
    const id = randomUUID().slice(0, 8);
    const ownerEmail = `owner-${id}@example.test`;
    const joinerEmail = `joiner-${id}@example.test`;
    const challenge = await createChallenge({ title: `Browser challenge ${id}` });

    const owner = await (await browser.newContext()).newPage();
    await signUp(owner, ownerEmail);

    await owner.goto(`${baseUrl}/teams`);
    await owner.fill("#team-name", `Browser Team ${id}`);
    await owner.getByRole("button", { name: "Create team" }).click();
    await owner.waitForURL(/\/teams\/browser-team-/);
    const teamUrl = owner.url();

    await owner.getByRole("button", { name: "Create join link" }).click();
    const link = (await owner.getByTestId("one-time-secret").textContent())!.trim();
    expect(link).toMatch(/\/teams\/join\/[A-Za-z0-9_-]{24}$/);
    await owner.screenshot({ path: `${shots}/team-invite.png`, fullPage: true });

    // The second user opens the link signed out, creates an account from there, comes back and joins.
    const joiner = await (await browser.newContext()).newPage();
    const joinPath = new URL(link).pathname;
    await joiner.goto(`${baseUrl}${joinPath}`);
    await joiner.getByRole("link", { name: "create an account" }).click();
    await joiner.waitForURL(/\/signup\?callbackUrl=/);
    await signUp(joiner, joinerEmail, new URL(joiner.url()).pathname + new URL(joiner.url()).search);
    await joiner.waitForURL(new RegExp(`${joinPath}$`));
    await joiner.getByRole("button", { name: /^Join / }).click();
    await joiner.waitForURL(teamUrl);
    await joiner.getByRole("cell", { name: new RegExp(ownerEmail) }).waitFor();
    await joiner.getByRole("cell", { name: new RegExp(joinerEmail) }).waitFor();

    await owner.reload();
    await owner.selectOption("#challenge", challenge.slug);
    await owner.getByRole("button", { name: "Register team" }).click();
    await owner.getByText(`Registered for ${challenge.slug}.`).waitFor();
    const participants = await prisma.challengeParticipantMember.findMany({
      where: { challengeId: challenge.id },
      select: { user: { select: { email: true } } },
    });
    expect(participants.map((p) => p.user.email).sort()).toEqual([joinerEmail, ownerEmail].sort());

    await owner.goto(`${baseUrl}/settings/tokens`);
    await owner.fill("#token-name", "browser test");
    await owner.getByRole("button", { name: "Create token" }).click();
    const token = (await owner.getByTestId("one-time-secret").textContent())!.trim();
    expect(token).toMatch(/^mb_[A-Za-z0-9_-]{43}$/);
    const me = await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ email: ownerEmail, teams: [expect.objectContaining({ role: "OWNER" })] });

    await owner.reload();
    await owner.getByText(token.slice(0, 11) + "…").waitFor(); // listed by prefix only
    expect(await owner.content()).not.toContain(token);
    owner.on("dialog", (d) => d.accept());
    await owner.getByRole("button", { name: "Revoke" }).click();
    await owner.getByText(/^revoked \d{4}-/).waitFor();
    expect((await fetch(`${baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    await owner.screenshot({ path: `${shots}/tokens.png`, fullPage: true });
  });

  it("shows a wrong password on the sign-in form", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/signin`);
    await page.fill("#email", `nobody-${randomUUID().slice(0, 8)}@example.test`);
    await page.fill("#password", "wrong horse 42");
    await page.click("button[type=submit]");
    await page.getByRole("alert").getByText("Wrong email or password.").waitFor();
  });
});
