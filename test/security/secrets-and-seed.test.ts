// No known session secret, no demo accounts with published passwords on a production site
// (issue 11, item 3): a forged organizer cookie would read the private split.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ConfigError, parseEnv } from "@/lib/config";

const REPO = path.resolve(__dirname, "../..");

describe("the session secret", () => {
  const production = (NEXTAUTH_SECRET: string) => () => parseEnv({ NODE_ENV: "production", NEXTAUTH_SECRET });

  it.each([
    ["the old compose default", "change-me-to-a-long-random-secret"],
    ["the development default", "maskboard-dev-secret-not-for-production-use-000000"],
    ["a placeholder of any length", "please-change-me-before-going-live-0123456789"],
    ["one character repeated", "x".repeat(64)],
  ])("refuses %s in production", (_what, secret) => {
    expect(production(secret)).toThrow(ConfigError);
    expect(production(secret)).toThrow(/NEXTAUTH_SECRET is a placeholder or example value/);
  });

  it("refuses a secret under 32 bytes in production, saying how long it is and how to make one", () => {
    expect(
      production(
        randomBytes(31)
          .toString("latin1")
          .replace(/[^\x21-\x7e]/g, "a")
          .slice(0, 31),
      ),
    ).toThrow(/NEXTAUTH_SECRET is 31 bytes long; production needs at least 32 \(generate one with: openssl rand -base64 32\)/);
  });

  it("accepts a random 32-byte secret, and a short one outside production", () => {
    const secret = randomBytes(32).toString("base64");
    expect(production(secret)().NEXTAUTH_SECRET).toBe(secret);
    expect(parseEnv({ NEXTAUTH_SECRET: "local-dev-secret-123" }).NEXTAUTH_SECRET).toBe("local-dev-secret-123");
  });
});

describe("docker-compose.yml", () => {
  const compose = parse(readFileSync(path.join(REPO, "docker-compose.yml"), "utf8"), { merge: true }) as {
    services: Record<string, { command?: string[]; environment?: Record<string, string> }>;
  };

  it("requires NEXTAUTH_SECRET instead of shipping a default", () => {
    for (const service of ["web", "worker"]) {
      expect(compose.services[service].environment?.NEXTAUTH_SECRET).toMatch(/^\$\{NEXTAUTH_SECRET:\?[^}]+\}$/);
    }
  });

  it("seeds demo accounts only when SEED_DEMO=1", () => {
    const command = compose.services.web.command!.join(" ");
    expect(command).toMatch(/if \[ "\$\$SEED_DEMO" = 1 \]; then npm run db:seed; fi/);
    expect(command.replace(/if \[[^\]]*\]; then npm run db:seed; fi/, "")).not.toContain("db:seed");
    expect(compose.services.web.environment?.SEED_DEMO).toBe("${SEED_DEMO:-0}");
  });
});

function runSeed(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "prisma/seed.ts"], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("the demo seed", () => {
  it("refuses to create the demo accounts in production unless SEED_DEMO=1", async () => {
    const secret = randomBytes(32).toString("base64");
    const run = await runSeed({ NODE_ENV: "production", SEED_DEMO: "", NEXTAUTH_SECRET: secret });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Not seeding demo data: NODE_ENV is production");
    expect(run.stderr).toContain("Set SEED_DEMO=1");
    // It refuses before it touches a database: pointed at a closed port, it gives the same refusal and
    // no connection error. (Counting demo accounts in the run's shared database would race with the
    // seed tests, which create them at the same moment.)
    const closed = await runSeed({
      NODE_ENV: "production",
      SEED_DEMO: "",
      NEXTAUTH_SECRET: secret,
      DATABASE_URL: "postgresql://x@127.0.0.1:1/none",
    });
    expect(closed.code).toBe(1);
    expect(closed.stderr.trim()).toBe(run.stderr.trim());
    expect(closed.stderr).not.toMatch(/ECONNREFUSED|Can't reach database/);
  });

  it("npm run demo asks for it explicitly", () => {
    expect(readFileSync(path.join(REPO, "scripts/demo.sh"), "utf8")).toMatch(/SEED_DEMO=1 "\$\{TSX\[@\]\}" prisma\/seed\.ts/);
  });
});
