// Makes sure Postgres and Redis answer before tests or the demo run. Shared by scripts/test.ts,
// scripts/demo.sh (via scripts/ensure-services.ts) and .ci/run's expectations.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import net from "node:net";
import pg from "pg";
import { maintenanceConfig, redact } from "./schema-engine";

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", ""]);

function commandExists(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

async function postgresAnswers(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ ...maintenanceConfig(databaseUrl), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function redisAnswers(redisUrl: string): Promise<boolean> {
  const url = new URL(redisUrl);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname || "127.0.0.1", port: Number(url.port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    // "-NOAUTH" still proves a Redis server is listening; credentials are the app's concern.
    socket.on("data", (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 300));
  }
  return check();
}

function dockerAnswers(): boolean {
  return commandExists("docker") && spawnSync("docker", ["info"], { stdio: "ignore", timeout: 10_000 }).status === 0;
}

function isLocal(host: string): boolean {
  return LOCAL_HOSTS.has(host.replace(/^\[|\]$/g, ""));
}

function startLocalPostgres(): boolean {
  if (!commandExists("pg_ctlcluster") || !existsSync("/etc/postgresql")) return false;
  const versions = readdirSync("/etc/postgresql");
  if (versions.length === 0) return false;
  console.log(`Starting local PostgreSQL ${versions[0]} (pg_ctlcluster)...`);
  const run = spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", versions[0], "main", "start"], { stdio: "inherit" });
  return run.status === 0;
}

function startLocalRedis(port: number): boolean {
  if (!commandExists("redis-server")) return false;
  console.log("Starting local redis-server...");
  const args = ["--daemonize", "yes", "--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"];
  return spawnSync("redis-server", args, { stdio: "inherit" }).status === 0;
}

function startWithDocker(services: string[]): boolean {
  if (!dockerAnswers()) return false;
  console.log(`Starting ${services.join(" and ")} with docker compose...`);
  execFileSync("docker", ["compose", "up", "-d", ...services], { stdio: "inherit" });
  return true;
}

export class ServicesUnavailableError extends Error {}

/** Resolves when Postgres and Redis answer; starts local ones if installed, else via Docker. */
export async function ensureServices(databaseUrl: string, redisUrl: string): Promise<void> {
  const pgHost = maintenanceConfig(databaseUrl).host ?? "127.0.0.1";
  const redis = new URL(redisUrl);
  const [pgUp, redisUp] = await Promise.all([postgresAnswers(databaseUrl), redisAnswers(redisUrl)]);
  const missing: string[] = [];

  if (!pgUp) {
    const started = isLocal(pgHost) && (startLocalPostgres() || startWithDocker(["postgres"]));
    if (!started || !(await waitFor(() => postgresAnswers(databaseUrl), 30_000))) {
      missing.push(
        `PostgreSQL is not reachable at ${redact(databaseUrl)}. Install it (Debian/Ubuntu: sudo apt-get install postgresql; ` +
          `allow local trust auth for user postgres) or Docker (then: docker compose up -d postgres), or point DATABASE_URL at a running server.`,
      );
    }
  }
  if (!redisUp) {
    const started = isLocal(redis.hostname) && (startLocalRedis(Number(redis.port || 6379)) || startWithDocker(["redis"]));
    if (!started || !(await waitFor(() => redisAnswers(redisUrl), 15_000))) {
      missing.push(
        `Redis is not reachable at ${redis.host}. Install it (Debian/Ubuntu: sudo apt-get install redis-server) ` +
          `or Docker (then: docker compose up -d redis), or point REDIS_URL at a running server.`,
      );
    }
  }
  if (missing.length) throw new ServicesUnavailableError(missing.join("\n"));
}
