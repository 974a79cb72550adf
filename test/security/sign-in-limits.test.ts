// Brute-force limits that a client cannot talk its way around (issue 11, item 1): the form is read
// once (duplicate fields and JSON bodies refused), X-Forwarded-For is believed only from configured
// proxies, and failures back off per account and address, so strangers cannot lock an owner out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBaseUrl, SERVER_STARTUP_TIMEOUT_MS } from "../helpers/server";
import { createUser } from "../helpers/factories";
import { CookieJar, randomIp } from "../api/auth-http";
import { startOwnServer, type OwnServer } from "./own-server";

const SESSION_COOKIE = "next-auth.session-token";
const PASSWORD = "correct horse 42";
/** The default AUTH_SIGNIN_FREE_FAILURES: failures from one address before it has to wait. */
const FREE_FAILURES = 5;

let baseUrl: string;
let untrusting: OwnServer;
beforeAll(async () => {
  baseUrl = await getBaseUrl();
  // The production default: no TRUSTED_PROXY_HOPS, small per-address limits to reach quickly, and
  // its own Redis key prefix (the shared server also counts requests from 127.0.0.1).
  untrusting = await startOwnServer(
    {
      TRUSTED_PROXY_HOPS: undefined,
      AUTH_SIGNIN_MAX_PER_IP: "4",
      AUTH_SIGNUP_MAX_PER_IP: "2",
      BULLMQ_PREFIX: `${process.env.BULLMQ_PREFIX}:no-proxy`,
    },
    "no-proxy",
  );
}, SERVER_STARTUP_TIMEOUT_MS);
afterAll(() => untrusting?.stop());

type Post = { res: Response; jar: CookieJar; signedIn: boolean; text: string };

/** A credentials post with a fresh CSRF token and the body exactly as given. */
async function post(
  server: string,
  provider: "credentials" | "signup",
  body: (csrfToken: string) => string,
  opts: { contentType?: string; forwardedFor?: string } = {},
): Promise<Post> {
  const jar = new CookieJar();
  const forwarded: Record<string, string> = opts.forwardedFor ? { "x-forwarded-for": opts.forwardedFor } : {};
  const csrfRes = await fetch(`${server}/api/auth/csrf`, { headers: forwarded });
  jar.absorb(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${server}/api/auth/callback/${provider}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": opts.contentType ?? "application/x-www-form-urlencoded", cookie: jar.header(), ...forwarded },
    body: body(csrfToken),
  });
  jar.absorb(res);
  const text = await res.text();
  return { res, jar, signedIn: jar.has(SESSION_COOKIE), text };
}

const form = (fields: [string, string][]) => (csrfToken: string) =>
  new URLSearchParams([...fields, ["csrfToken", csrfToken], ["json", "true"]]).toString();

/** Fails sign-ins from one address until it is told to wait (after the free failures), then checks the right password waits too. */
async function failUntilLimited(server: string, email: string, forwardedFor?: string): Promise<void> {
  const statuses: number[] = [];
  for (let i = 0; i < 20 && statuses.at(-1) !== 429; i++) {
    const attempt = await post(
      server,
      "credentials",
      form([
        ["email", email],
        ["password", `wrong ${i} horse`],
      ]),
      { forwardedFor },
    );
    statuses.push(attempt.res.status);
  }
  expect(statuses.slice(0, FREE_FAILURES + 1)).toEqual(Array(FREE_FAILURES + 1).fill(401));
  expect(statuses.at(-1)).toBe(429);
  const limited = await post(
    server,
    "credentials",
    form([
      ["email", email],
      ["password", PASSWORD],
    ]),
    { forwardedFor },
  );
  expect(limited.res.status).toBe(429);
  expect(limited.signedIn).toBe(false);
}

describe("the credentials form is read once", () => {
  it("refuses a repeated field: a locked account cannot be reached behind a decoy email", async () => {
    const victim = await createUser({ password: PASSWORD });
    const ip = randomIp();
    await failUntilLimited(baseUrl, victim.email, ip);
    const decoy = `decoy-${victim.id}@example.test`;
    const sneaky = await post(
      baseUrl,
      "credentials",
      form([
        ["email", decoy],
        ["email", victim.email],
        ["password", PASSWORD],
      ]),
      { forwardedFor: ip },
    );
    expect(sneaky.res.status).toBe(400);
    expect(sneaky.signedIn).toBe(false);
  });

  it("refuses a JSON body (the limiter would not read it the way next-auth does)", async () => {
    const victim = await createUser({ password: PASSWORD });
    const ip = randomIp();
    await failUntilLimited(baseUrl, victim.email, ip);
    const json = await post(
      baseUrl,
      "credentials",
      (csrfToken) => JSON.stringify({ email: victim.email, password: PASSWORD, csrfToken, json: "true" }),
      {
        contentType: "application/json",
        forwardedFor: ip,
      },
    );
    expect(json.res.status).toBe(415);
    expect(json.signedIn).toBe(false);
  });
});

describe("failures back off per account and address", () => {
  it("a stranger's failures do not lock the owner out, from another address", async () => {
    const owner = await createUser({ password: PASSWORD });
    const attacker = randomIp();
    for (let i = 0; i < 12; i++) {
      await post(
        baseUrl,
        "credentials",
        form([
          ["email", owner.email],
          ["password", `guess ${i} horse`],
        ]),
        { forwardedFor: attacker },
      );
    }
    const attackerAgain = await post(
      baseUrl,
      "credentials",
      form([
        ["email", owner.email],
        ["password", PASSWORD],
      ]),
      { forwardedFor: attacker },
    );
    expect(attackerAgain.res.status).toBe(429);
    expect(Number(attackerAgain.res.headers.get("retry-after"))).toBeGreaterThan(0);
    const ownerSignsIn = await post(
      baseUrl,
      "credentials",
      form([
        ["email", owner.email],
        ["password", PASSWORD],
      ]),
      { forwardedFor: randomIp() },
    );
    expect(ownerSignsIn.res.status).toBe(200);
    expect(ownerSignsIn.signedIn).toBe(true);
  });
});

describe("X-Forwarded-For is believed only from configured proxies", () => {
  it("without TRUSTED_PROXY_HOPS, rotating the header does not reset the per-address sign-in limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const attempt = await post(
        untrusting.url,
        "credentials",
        form([
          ["email", `nobody-${i}@example.test`],
          ["password", `wrong ${i} horse`],
        ]),
        {
          forwardedFor: randomIp(),
        },
      );
      statuses.push(attempt.res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });

  it("without TRUSTED_PROXY_HOPS, rotating the header does not reset the per-address sign-up limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const attempt = await post(
        untrusting.url,
        "signup",
        form([
          ["email", `rotating-${randomIp()}@example.test`],
          ["password", "short"],
        ]),
        {
          forwardedFor: randomIp(),
        },
      );
      statuses.push(attempt.res.status);
    }
    expect(statuses.slice(2)).toEqual([429]);
  });

  it("behind one proxy, the entries the client wrote left of the proxy's are ignored", async () => {
    const user = await createUser({ password: PASSWORD });
    const client = randomIp();
    await failUntilLimited(baseUrl, user.email, `${randomIp()}, ${client}`);
    const rotated = await post(
      baseUrl,
      "credentials",
      form([
        ["email", user.email],
        ["password", PASSWORD],
      ]),
      { forwardedFor: `${randomIp()}, ${client}` },
    );
    expect(rotated.res.status).toBe(429);
  });
});
