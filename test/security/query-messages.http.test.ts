// Pages never print ?error= / ?ok= text from a link (sign-in, manage, my-submissions, a submission's
// page, account): only codes (sign-in) or notices the server signed for the viewer (lib/notices.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { SERVER_STARTUP_TIMEOUT_MS, getBaseUrl } from "../helpers/server";
import { sessionCookieFor } from "../helpers/auth";
import { signNotice } from "@/lib/notices";
import { seedChallenge, seedTeam, type SeededChallenge, type SeededTeam } from "../lib/leaderboard/seed";

let baseUrl: string;
let ch: SeededChallenge;
let team: SeededTeam;
const PHISH = "Your account is suspended. Call +1 555 0100 now";

beforeAll(async () => {
  baseUrl = await getBaseUrl();
  ch = await seedChallenge({});
  team = await seedTeam(ch);
}, SERVER_STARTUP_TIMEOUT_MS);

async function html(path: string, userId?: string): Promise<string> {
  const res = await fetch(baseUrl + path, { headers: userId ? { cookie: await sessionCookieFor(userId) } : {} });
  expect(res.status, path).toBe(200);
  return res.text();
}

describe("query texts are not rendered verbatim", () => {
  it("sign-in shows only known codes", async () => {
    const q = encodeURIComponent(PHISH);
    const page = await html(`/signin?error=${q}&ok=${q}`);
    expect(page).not.toContain("555 0100");
    expect(page).toContain("Signing in failed. Try again.");
    expect(await html("/signin?error=CredentialsSignin")).toContain("Wrong email or password.");
  });

  it("organizer pages, my-submissions and account ignore unsigned text and show signed notices", async () => {
    const q = encodeURIComponent(PHISH);
    const pages: [string, string][] = [
      [`/c/${ch.slug}/manage`, ch.organizer.id],
      [`/c/${ch.slug}/manage/edit`, ch.organizer.id],
      [`/c/${ch.slug}/manage/phases/test`, ch.organizer.id],
      [`/c/${ch.slug}/my-submissions?phase=test`, team.owner.id],
      [`/settings/account`, team.owner.id],
    ];
    for (const [path, userId] of pages) {
      const sep = path.includes("?") ? "&" : "?";
      expect(await html(`${path}${sep}error=${q}&ok=${q}`, userId), path).not.toContain("555 0100");
    }
    const signed = encodeURIComponent(signNotice(ch.organizer.viewer, "ok", "Challenge saved."));
    expect(await html(`/c/${ch.slug}/manage?ok=${signed}`, ch.organizer.id)).toContain("Challenge saved.");
    // Someone else's signed notice is not shown either.
    expect(await html(`/c/${ch.slug}/my-submissions?phase=test&ok=${signed}`, team.owner.id)).not.toContain("Challenge saved.");
  });
});
