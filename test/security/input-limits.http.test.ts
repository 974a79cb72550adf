// Input handling over HTTP: request bodies are capped while they stream in (JSON bodies of the API,
// sign-in forms, results uploads), upload filenames cannot steer where files land, Markdown shows raw
// HTML as text, and the client bundles carry no server secret.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/config";
import { prisma } from "@/lib/db";
import { SERVER_STARTUP_TIMEOUT_MS, getBaseUrl } from "../helpers/server";
import { servedDistDir } from "./served-build";
import { sessionCookieFor } from "../helpers/auth";
import { createScoredPhase, FIXTURE_DT, type ScoredPhase } from "../helpers/submission-fixtures";
import { TEST_ENV } from "../helpers/test-env";

let baseUrl: string;
let phase: ScoredPhase;

beforeAll(async () => {
  baseUrl = await getBaseUrl();
  phase = await createScoredPhase();
}, SERVER_STARTUP_TIMEOUT_MS);

/** A body of `total` bytes sent in chunks without a Content-Length (chunked transfer). */
function chunkedBody(total: number, fill = " "): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode(fill.repeat(64 * 1024));
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.length;
    },
  });
}

async function organizerHeaders() {
  return { cookie: await sessionCookieFor(phase.organizer.id), origin: baseUrl, "content-type": "application/json" };
}

describe("request bodies are capped", { timeout: 180_000 }, () => {
  it("refuses a 3 MB JSON body to an organizer route (Content-Length) with 413", async () => {
    const body = JSON.stringify({ summary: "x".repeat(3 * 1024 * 1024) });
    const res = await fetch(`${baseUrl}/api/v1/challenges/${phase.challengeSlug}`, {
      method: "PATCH",
      headers: await organizerHeaders(),
      body,
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("body_too_large");
  });

  it("refuses a chunked JSON body as it passes the cap (no Content-Length to trust)", async () => {
    const res = await fetch(`${baseUrl}/api/v1/challenges/${phase.challengeSlug}/phases/${phase.phaseSlug}`, {
      method: "PUT",
      headers: await organizerHeaders(),
      body: chunkedBody(8 * 1024 * 1024),
      duplex: "half",
      signal: AbortSignal.timeout(30_000),
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it("still accepts a normal JSON body (the cap is not in the way)", async () => {
    const res = await fetch(`${baseUrl}/api/v1/challenges/${phase.challengeSlug}`, {
      method: "PATCH",
      headers: await organizerHeaders(),
      body: JSON.stringify({ summary: "fine" }),
    });
    expect(res.status, await res.text()).toBe(200);
  });

  it("refuses an oversized body to the anonymous sign-in endpoint", async () => {
    const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: baseUrl },
      body: chunkedBody(4 * 1024 * 1024, "a"),
      duplex: "half",
      signal: AbortSignal.timeout(30_000),
    } as RequestInit);
    expect(res.status).toBe(413);
    const declared = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: baseUrl },
      body: "email=" + "a".repeat(300_000),
      signal: AbortSignal.timeout(30_000),
    });
    expect(declared.status).toBe(413);
  });

  it("stops a results upload past the phase's cap while it streams, and keeps no partial file", async () => {
    await prisma.phase.update({ where: { id: phase.phaseId }, data: { maxUploadBytes: 100_000n } });
    try {
      const boundary = "----mbsecurity";
      const head = new TextEncoder().encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.json"\r\nContent-Type: application/json\r\n\r\n[`,
      );
      const filler = chunkedBody(20 * 1024 * 1024, " ").getReader();
      let headSent = false;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (!headSent) {
            headSent = true;
            return controller.enqueue(head);
          }
          const { done, value } = await filler.read();
          if (done) {
            controller.enqueue(new TextEncoder().encode(`]\r\n--${boundary}--\r\n`));
            return controller.close();
          }
          controller.enqueue(value);
        },
      });
      const res = await fetch(`${baseUrl}/api/v1/challenges/${phase.challengeSlug}/phases/${phase.phaseSlug}/submissions`, {
        method: "POST",
        headers: {
          cookie: await sessionCookieFor(phase.member.id),
          origin: baseUrl,
          "content-type": `multipart/form-data; boundary=${boundary}`,
        },
        body,
        duplex: "half",
        signal: AbortSignal.timeout(30_000),
      } as RequestInit);
      expect(res.status).toBe(413);
      const tmp = path.join(env.DATA_DIR, "tmp");
      const large = existsSync(tmp) ? readdirSync(tmp).filter((f) => statSync(path.join(tmp, f)).size > 200_000) : [];
      expect(large).toEqual([]);
    } finally {
      await prisma.phase.update({ where: { id: phase.phaseId }, data: { maxUploadBytes: 2147483648n } });
    }
  });
});

describe("upload filenames", { timeout: 120_000 }, () => {
  it("a path in the filename does not place the file: storage stays content-addressed", async () => {
    const form = new FormData();
    form.set("file", new Blob([readFileSync(FIXTURE_DT)]), "../../../../escape-attempt.json");
    const res = await fetch(`${baseUrl}/api/v1/challenges/${phase.challengeSlug}/phases/${phase.phaseSlug}/submissions`, {
      method: "POST",
      body: form,
      headers: { cookie: await sessionCookieFor(phase.member.id), origin: baseUrl },
    });
    const text = await res.text();
    expect([202, 422], text).toContain(res.status);
    const row = await prisma.submission.findUniqueOrThrow({ where: { id: (JSON.parse(text) as { id: string }).id } });
    expect(row.storageKey).toMatch(/^[0-9a-f]{64}$/);
    expect(row.originalFilename).not.toContain("/");
    for (let up = 0; up <= 4; up++) {
      expect(existsSync(path.join(env.DATA_DIR, ...Array(up).fill(".."), "escape-attempt.json"))).toBe(false);
      expect(existsSync(path.join(env.DATA_DIR, "tmp", ...Array(up).fill(".."), "escape-attempt.json"))).toBe(false);
    }
  });
});

describe("Markdown", { timeout: 120_000 }, () => {
  it("renders a description's raw HTML and javascript: links inert", async () => {
    const description =
      'Hello <script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> [click](javascript:window.__pwned=3) **bold**';
    const patch = await fetch(`${baseUrl}/api/v1/challenges/${phase.challengeSlug}`, {
      method: "PATCH",
      headers: await organizerHeaders(),
      body: JSON.stringify({ description }),
    });
    expect(patch.status, await patch.text()).toBe(200);
    const html = await (await fetch(`${baseUrl}/c/${phase.challengeSlug}`)).text();
    expect(html).toContain("<strong>bold</strong>"); // the Markdown is rendered
    expect(html).not.toContain("<script>window.__pwned");
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).not.toMatch(/href="javascript:/i);
  });
});

describe("client bundles", { timeout: SERVER_STARTUP_TIMEOUT_MS }, () => {
  it("carry no server secret or connection string", async () => {
    if (process.env[TEST_ENV.externalBaseUrl]) return; // an external server's build is not ours to read
    const distDir = await servedDistDir();
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? walk(path.join(dir, n)) : [path.join(dir, n)]));
    const files = walk(path.join(distDir, "static")).filter((f) => f.endsWith(".js"));
    expect(files.length).toBeGreaterThan(0);
    const forbidden = [
      "NEXTAUTH_SECRET",
      "DATABASE_URL",
      "postgresql://",
      "redis://",
      "maskboard-dev-secret",
      "GITHUB_SECRET",
      "OIDC_CLIENT_SECRET",
      env.NEXTAUTH_SECRET,
    ];
    const found: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      for (const s of forbidden)
        if (text.includes(s)) found.push(`${path.basename(f)} contains ${s === env.NEXTAUTH_SECRET ? "the session secret" : s}`);
    }
    expect(found).toEqual([]);
  });
});
