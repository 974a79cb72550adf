// One journey per role (anonymous, participant, organizer, admin) in Chromium, at a desktop and a
// phone viewport: each walks its pages and flows, checks that no page is wider than the viewport
// (wide tables scroll inside their frame, never the page), that every page has its own title, and
// saves a screenshot of every page to test-results/journeys/<role>-<viewport>-<page>.png.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { COCO_CATEGORY_NAMES } from "../../scripts/synth/coco-categories";
import { sessionCookieFor } from "../helpers/auth";
import { launchChromium, screenshotDir } from "../helpers/browser";
import { createChallenge, createUser, uniqueSuffix, type TestUser } from "../helpers/factories";
import { getBaseUrl, SERVER_STARTUP_TIMEOUT_MS } from "../helpers/server";
import { minutesAgo, seedChallenge, seedSubmission, seedTeam, type SeededChallenge, type SeededTeam } from "../lib/leaderboard/seed";

const SHOTS = screenshotDir("journeys");

const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 360, height: 800 },
] as const;
type Viewport = (typeof VIEWPORTS)[number];

let baseUrl: string;
let browser: Browser;
let ch: SeededChallenge;
const TITLE = `Journey street scenes ${uniqueSuffix()}`;
let own: SeededTeam;
let admin: TestUser;
let ownSubmission: string;

beforeAll(async () => {
  baseUrl = await getBaseUrl();
  // 80 COCO classes: the per-class heatmap is several thousand pixels wide.
  ch = await seedChallenge({
    title: TITLE,
    description: "Segment **every** object in street scenes.",
    categories: COCO_CATEGORY_NAMES.map((name, i) => ({ cocoId: i + 1, name })),
  });
  const classes = (seed: number) => Object.fromEntries(COCO_CATEGORY_NAMES.map((_, i) => [i + 1, ((i * 37 + seed * 11) % 97) / 100]));
  own = await seedTeam(ch, "Journey Owls");
  const rivals = [await seedTeam(ch, "Kestrel Vision Lab with a rather long team name"), await seedTeam(ch, "Magpie")];
  ownSubmission = await seedSubmission(ch, { team: own, createdAt: minutesAgo(50), public: { primary: 0.41, classes: classes(1) } });
  for (const [i, team] of rivals.entries()) {
    await seedSubmission(ch, { team, createdAt: minutesAgo(40 - i), public: { primary: 0.3 + i * 0.2, classes: classes(i + 2) } });
  }
  await seedSubmission(ch, {
    team: null,
    isBaseline: true,
    description: "Mask R-CNN R50-FPN",
    createdAt: minutesAgo(90),
    public: { primary: 0.35, classes: classes(9) },
  });
  admin = await createUser({ role: "ADMIN", name: "Ada Admin" });
  browser = await launchChromium();
}, SERVER_STARTUP_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
});

/** A failed and a queued submission of the participant's team, fresh for each walk. */
async function seedOwnActivity(): Promise<{ failed: string; queued: string }> {
  const failed = await seedSubmission(ch, { team: own, createdAt: minutesAgo(20), status: "FAILED", public: { primary: 0 } });
  await prisma.submission.update({
    where: { id: failed },
    data: {
      errorCode: "invalid_results",
      errorMessage:
        '2 problem(s) found:\n  - results[0].image_id 4242 is not in the 4 images of phase "test"\n  - results[1].category_id 999 is not a category of this phase',
    },
  });
  const queued = await seedSubmission(ch, { team: own, createdAt: minutesAgo(1), status: "QUEUED", public: { primary: 0 } });
  return { failed, queued };
}

async function contextFor(user: TestUser | null, viewport: Viewport): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
  if (user) {
    const [name, value] = (await sessionCookieFor(user.id)).split("=");
    await context.addCookies([{ name, value, url: baseUrl }]);
  }
  return context;
}

/** What sticks out of the viewport: the widest offenders, for the failure message. */
async function overflow(page: Page): Promise<{ scrollWidth: number; viewport: number; offenders: string[] }> {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const offenders: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const r = el.getBoundingClientRect();
      if (r.right <= viewport + 0.5 || r.width === 0) continue;
      // Inside a frame that scrolls sideways (ScrollTable): that frame scrolls, not the page.
      let p = el.parentElement;
      let clipped = false;
      while (p && p !== document.body) {
        const ox = getComputedStyle(p).overflowX;
        if (ox !== "visible") {
          clipped = true;
          break;
        }
        p = p.parentElement;
      }
      if (clipped) continue;
      const label = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.split(" ").join(".")}` : ""}`;
      offenders.push(`${label} right=${Math.round(r.right)}`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, viewport, offenders: offenders.slice(0, 8) };
  });
}

/** A walk through one role's pages at one viewport: it checks every page it shows. */
class Walk {
  readonly titles = new Map<string, string>();
  constructor(
    readonly page: Page,
    readonly role: string,
    readonly viewport: Viewport,
  ) {}

  /** Opens `path`, waits for `ready`, checks width and title, saves a screenshot named `name`. */
  async visit(name: string, path: string, ready?: (page: Page) => Promise<unknown>): Promise<Page> {
    const response = await this.page.goto(`${baseUrl}${path}`);
    expect(response?.status(), `${name} (${path})`).toBeLessThan(400);
    if (ready) await ready(this.page);
    await this.check(name, true);
    return this.page;
  }

  /** Checks the page as it is now (after a click): width, screenshot; a page new to this walk, its own title. */
  async check(name: string, newPage = false): Promise<void> {
    const o = await overflow(this.page);
    expect(
      o.scrollWidth,
      `${this.role} ${this.viewport.name} ${name}: page wider than the viewport; ${o.offenders.join(", ")}`,
    ).toBeLessThanOrEqual(o.viewport);
    expect(await this.page.locator("main").count(), `${name}: one <main>`).toBe(1);
    const title = await this.page.title();
    // The home page is the site itself ("Maskboard"); every other page says what it shows.
    if (name !== "home") expect(title, `${name}: a title of its own`).not.toBe("Maskboard");
    if (newPage) {
      const same = [...this.titles.entries()].find(([, t]) => t === title);
      expect(same?.[0], `${name} has the same title as ${same?.[0]}: "${title}"`).toBeUndefined();
      this.titles.set(name, title);
    }
    await this.page.screenshot({ path: `${SHOTS}/${this.role}-${this.viewport.name}-${name}.png`, fullPage: true });
  }
}

async function walk(role: string, user: TestUser | null, viewport: Viewport, steps: (w: Walk) => Promise<void>): Promise<void> {
  const context = await contextFor(user, viewport);
  try {
    await steps(new Walk(await context.newPage(), role, viewport));
  } finally {
    await context.close();
  }
}

/** The sticky Rank and Team columns stay in view when the table frame is scrolled to its far end. */
async function expectStickyFirstColumns(page: Page, table: string) {
  const frame = page.locator(`.mb-table-wrap:has([data-testid=${table}])`);
  const before = await frame.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(before, `${table} is wider than its frame`).toBeGreaterThan(0);
  await frame.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  const frameBox = (await frame.boundingBox())!;
  const teamCell = (await page.locator(`[data-testid=${table}] tbody tr:first-child td:nth-child(2)`).boundingBox())!;
  expect(teamCell.x).toBeGreaterThanOrEqual(frameBox.x - 1);
  expect(teamCell.x).toBeLessThan(frameBox.x + frameBox.width / 2);
}

const c = () => `/c/${ch.slug}`;

describe("journeys", { timeout: 240_000 }, () => {
  for (const viewport of VIEWPORTS) {
    it(`anonymous visitor at ${viewport.width}x${viewport.height}: home, challenge, leaderboards, a submission, a team, sign in`, async () => {
      await walk("anonymous", null, viewport, async (w) => {
        await w.visit("home", "/", (p) => p.getByRole("link", { name: TITLE }).first().waitFor());
        const page = await w.visit("challenge", c(), (p) => p.getByRole("heading", { name: TITLE }).waitFor());
        // The skip link is the first thing a keyboard reaches and lands on <main>.
        await page.keyboard.press("Tab");
        expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
        if (viewport.width < 600) {
          // The site menu collapses behind a button on phones.
          const toggle = page.getByRole("button", { name: /menu/i });
          await toggle.click();
          await page.getByRole("link", { name: "Sign in" }).first().waitFor({ state: "visible" });
          await w.check("challenge-menu-open");
          await toggle.click();
        }
        await w.visit("leaderboard", `${c()}/leaderboard`, (p) => p.getByTestId("overall-leaderboard").waitFor());
        await w.visit("classes", `${c()}/leaderboard/classes`, (p) => p.getByTestId("class-matrix").waitFor());
        await expectStickyFirstColumns(page, "class-matrix");
        await w.check("classes-scrolled");
        // Every cell says whose it is, which class, its AP and the class's ground-truth count.
        expect(await page.locator("[data-testid=class-matrix] tbody tr:first-child td:nth-child(3)").getAttribute("title")).toMatch(
          /^.+ · person: AP \d\.\d{3} · 5 GT instances$/,
        );
        // Filter the classes, then turn the matrix so that classes are rows; the filter stays.
        await page.getByRole("search", { name: "Filter classes" }).getByRole("searchbox").fill("traffic, fire");
        await page.getByRole("button", { name: "Filter" }).click();
        await page.getByTestId("class-filter-status").waitFor();
        expect(await page.locator("[data-testid=class-matrix] thead th.mb-class-head").allInnerTexts()).toEqual([
          "traffic light",
          "fire hydrant",
        ]);
        await page.getByTestId("matrix-orientation").getByRole("link", { name: "Classes" }).click();
        await page.locator("[data-testid=class-matrix][data-orientation=classes]").waitFor();
        expect(await page.locator("[data-testid=class-matrix] tbody th").allInnerTexts()).toEqual(["traffic light", "fire hydrant"]);
        await w.check("classes-as-rows");
        await page.getByRole("link", { name: "Show all" }).click();
        await expect.poll(() => page.locator("[data-testid=class-matrix] tbody tr").count()).toBe(COCO_CATEGORY_NAMES.length);
        // The full matrix downloads as CSV: every class a column, every ranked entry a row.
        const csv = await page.request.get(`${baseUrl}/api/v1/challenges/${ch.slug}/phases/test/leaderboard?view=classes&format=csv`);
        const [header, ...lines] = (await csv.text()).trim().split("\r\n");
        expect(header.split(",").slice(5)).toEqual(COCO_CATEGORY_NAMES.map((n) => n));
        expect(lines).toHaveLength(4);
        await w.visit("submission", `${c()}/submissions/${ownSubmission}`, (p) => p.getByTestId("per-class-table").waitFor());
        await w.visit("team", `/teams/${own.slug}`, (p) => p.getByRole("heading", { name: own.name }).waitFor());
        // The API reference: every operation with a curl command for this host, readable on a phone.
        await w.visit("api-docs", "/docs/api", (p) => p.getByRole("heading", { name: "API reference" }).waitFor());
        expect(await page.getByTestId("api-operation").count()).toBeGreaterThan(20);
        await w.visit("sign-in", "/signin", (p) =>
          p
            .getByRole("button", { name: /sign in/i })
            .first()
            .waitFor(),
        );
        await w.visit("sign-up", "/signup", (p) =>
          p
            .getByRole("button", { name: /create/i })
            .first()
            .waitFor(),
        );
        // Pages behind a sign-in send the visitor to it.
        await page.goto(`${baseUrl}${c()}/my-submissions`);
        await page.waitForURL(/\/signin/);
      });
    });

    it(`participant at ${viewport.width}x${viewport.height}: challenge, submit, my submissions (cancel, hide), team, tokens`, async () => {
      const { failed, queued } = await seedOwnActivity();
      await walk("participant", own.owner, viewport, async (w) => {
        await w.visit("challenge", c(), (p) => p.getByRole("heading", { name: TITLE }).waitFor());
        await w.visit("submit", `${c()}/submit`, (p) => p.getByText(/Used today \(UTC\)/).waitFor());
        const page = await w.visit("my-submissions", `${c()}/my-submissions`, (p) => p.getByTestId("my-submissions").waitFor());
        // Validation problems read as a list, one item per problem.
        const failedRow = page.getByRole("row").filter({ hasText: "failed" });
        expect(await failedRow.locator("li").count()).toBeGreaterThanOrEqual(2);
        // Cancel the queued entry: it stays, cancelled by the team member.
        await page.locator(`button[data-submission="${queued}"]`, { hasText: "Cancel" }).click();
        await page.getByText("Submission cancelled; it does not count toward your quota.").waitFor();
        expect((await prisma.submission.findUniqueOrThrow({ where: { id: queued } })).status).toBe("CANCELLED");
        expect(await page.getByText(/Cancelled by .+ \(team member\)/).count()).toBeGreaterThanOrEqual(1);
        await w.check("my-submissions-cancelled");
        // Hide the failed entry: it leaves the list, a link brings it back.
        await page.locator(`button[data-submission="${failed}"]`, { hasText: "Hide" }).click();
        await page.getByText("Entry hidden from this list.").waitFor();
        await page.getByRole("link", { name: "show them" }).waitFor();
        expect(await page.locator(`button[data-submission="${failed}"]`).count()).toBe(0);
        await w.visit("own-submission", `${c()}/submissions/${ownSubmission}`, (p) => p.getByTestId("per-class-table").waitFor());
        await w.visit("classes", `${c()}/leaderboard/classes`, (p) => p.getByTestId("class-matrix").waitFor());
        await w.visit("teams", "/teams", (p) => p.getByRole("heading", { name: /teams/i }).first().waitFor());
        await w.visit("team", `/teams/${own.slug}`, (p) => p.getByRole("heading", { name: own.name }).waitFor());
        await w.visit("tokens", "/settings/tokens", (p) => p.getByRole("heading", { name: /token/i }).first().waitFor());
      });
    });

    it(`organizer at ${viewport.width}x${viewport.height}: console, a refused form keeps its values, phase settings, safeguards`, async () => {
      const taken = await createChallenge();
      await walk("organizer", ch.organizer, viewport, async (w) => {
        await w.visit("manage-list", "/manage", (p) => p.getByRole("link", { name: TITLE }).first().waitFor());
        const page = await w.visit("dashboard", `${c()}/manage`, (p) => p.getByRole("heading", { name: "Audit log" }).waitFor());
        await w.visit("edit", `${c()}/manage/edit`, (p) => p.getByLabel("Title").waitFor());
        // A refused change keeps what was typed and says why next to the field.
        const typed = `A new title ${uniqueSuffix()}`;
        await page.getByLabel("Title").fill(typed);
        await page.getByLabel(/^Slug/).fill(taken.slug);
        await page.getByRole("button", { name: "Save", exact: true }).click();
        const slugError = page.locator(".mo-field-error").first();
        await slugError.waitFor();
        expect(await slugError.innerText()).toMatch(/taken|already|in use/i);
        expect(await page.getByLabel("Title").inputValue()).toBe(typed);
        expect((await prisma.challenge.findUniqueOrThrow({ where: { id: ch.id } })).title).not.toBe(typed);
        await w.check("edit-refused");
        await w.visit("phase", `${c()}/manage/phases/test`, (p) => p.getByLabel("Ends (UTC)").waitFor());
        // "Ends (UTC)" and "Submissions per day" do not overlap.
        const ends = (await page.getByLabel("Ends (UTC)").boundingBox())!;
        const perDay = (await page.getByLabel("Submissions per day").boundingBox())!;
        const overlap =
          ends.x < perDay.x + perDay.width &&
          perDay.x < ends.x + ends.width &&
          ends.y < perDay.y + perDay.height &&
          perDay.y < ends.y + ends.height;
        expect(overlap, "Ends (UTC) overlaps Submissions per day").toBe(false);
        // Releasing the private split takes a confirmation and, while the phase is open, an override.
        const release = page.locator("details.mo-safeguard", { hasText: /release/i });
        await release.locator("summary").click();
        await release.locator("input[name=override]").waitFor();
        await w.check("phase-release-panel");
        await release.getByRole("button", { name: /release/i }).click();
        expect((await prisma.phase.findUniqueOrThrow({ where: { id: ch.phaseId } })).privateReleased).toBe(false);
        await w.visit("new-phase", `${c()}/manage/phases/new`, (p) => p.getByLabel("Name").waitFor());
        await w.visit("leaderboard", `${c()}/leaderboard`, (p) => p.getByTestId("overall-leaderboard").waitFor());
      });
    });

    it(`admin at ${viewport.width}x${viewport.height}: users, challenge creation, any challenge's console, the queues`, async () => {
      await walk("admin", admin, viewport, async (w) => {
        await w.visit("users", "/admin/users", (p) => p.getByRole("heading", { name: /users/i }).first().waitFor());
        await w.visit("manage-list", "/manage", (p) => p.getByRole("heading").first().waitFor());
        await w.visit("new-challenge", "/manage/new", (p) => p.getByLabel("Title").waitFor());
        await w.visit("dashboard", `${c()}/manage`, (p) => p.getByRole("heading", { name: "Audit log" }).waitFor());
        const queues = await w.page.request.get(`${baseUrl}/admin/queues`);
        expect(queues.status()).toBe(200);
      });
    });
  }
});
