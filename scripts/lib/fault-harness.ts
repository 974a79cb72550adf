// Private PostgreSQL and Redis servers for fault tests and chaos runs: each call starts its own
// server on a free port, with its files in a folder the caller owns (a test run's folder), so a
// test can stop, restart, flush or starve it without touching the shared servers (5432, 6379).
//
//   const pg = await startPostgresCluster({ dir: path.join(runDir, "pg") });
//   const redis = await startRedisServer({ dir: path.join(runDir, "redis") });
//   const databaseUrl = await pg.createDatabase("maskboard", { migrate: true });
//   await pg.restart({ downMs: 500 }); await redis.stop(); await redis.start();
//   await redis.dispose(); await pg.dispose();  // stops the server and deletes its folder
//
// PostgreSQL refuses to run as root: when this process is root, initdb and pg_ctl run as the
// "postgres" user (runuser), which then owns the cluster folder.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { chmod, chown, mkdir, readFile, rm } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "./schema-engine";

const READY_TIMEOUT_MS = 30_000;

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ------------------------------------------------------------------------------------ PostgreSQL

function postgresBinDir(): string {
  const fromConfig = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  const dir = fromConfig.status === 0 ? fromConfig.stdout.trim() : "";
  if (dir && existsSync(path.join(dir, "initdb"))) return dir;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(path.join(root, v, "bin/initdb"))) return path.join(root, v, "bin");
  throw new Error("PostgreSQL server binaries (initdb, pg_ctl) were not found: install postgresql (Debian: apt-get install postgresql).");
}

/** The uid/gid PostgreSQL's tools run as: ours, or the "postgres" user when we are root. */
function postgresUser(): { name: string; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
  const uid = id("-u");
  const gid = id("-g");
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error('PostgreSQL cannot run as root and there is no "postgres" user to run it as (useradd --system postgres).');
  }
  return { name: "postgres", uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/** Lets `uid` reach `dir`: ancestors we own that others cannot traverse get o+x (a run's 0700 temp folder). */
async function makeTraversable(dir: string): Promise<void> {
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
    const s = statSync(d);
    if (s.mode & 0o001) continue;
    if (s.uid !== process.getuid?.()) continue;
    await chmod(d, (s.mode & 0o7777) | 0o001);
  }
}

export type PostgresCluster = {
  readonly port: number;
  readonly dataDir: string;
  /** postgresql://postgres@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  /** Creates a database (optionally with the app's migrations applied) and returns its URL. */
  createDatabase(name: string, opts?: { migrate?: boolean }): Promise<string>;
  isRunning(): boolean;
  /** "fast" disconnects clients and shuts down cleanly; "immediate" is a crash (recovery on start). */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  start(): Promise<void>;
  /** Stops, waits `downMs`, starts again; resolves once it accepts connections. */
  restart(opts?: { downMs?: number; mode?: "fast" | "immediate" }): Promise<void>;
  /** Stops the server and deletes its folder. */
  dispose(): Promise<void>;
};

/** initdb into `dir` and start a private cluster on a free port (trust auth, fsync off: test data only). */
export async function startPostgresCluster(opts: { dir: string; port?: number }): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  const user = postgresUser();
  const dir = path.resolve(opts.dir);
  const dataDir = path.join(dir, "data");
  const logFile = path.join(dir, "postgres.log");
  const port = opts.port ?? (await freePort());
  await mkdir(dir, { recursive: true });
  if (user) {
    await makeTraversable(dir);
    await chown(dir, user.uid, user.gid);
  }
  const run = (tool: string, args: string[]) => {
    const command = user ? "runuser" : path.join(bin, tool);
    const argv = user ? ["-u", user.name, "--", path.join(bin, tool), ...args] : args;
    const r = spawnSync(command, argv, { encoding: "utf8", cwd: dir });
    if (r.status !== 0) throw new Error(`${tool} ${args.join(" ")} failed (${r.status}): ${(r.stderr || r.stdout).trim().slice(-2000)}`);
  };
  run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  const serverOptions = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    "-c unix_socket_directories=''",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=200",
  ].join(" ");
  let running = false;
  const url = (database = "postgres") => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  const answers = async () => {
    const client = new pg.Client({ connectionString: url(), connectionTimeoutMillis: 1000 });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.query("SELECT 1");
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  const cluster: PostgresCluster = {
    port,
    dataDir,
    url,
    async createDatabase(name, { migrate = false } = {}) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
      } finally {
        await client.end();
      }
      if (migrate) await applyMigrations(url(name));
      return url(name);
    },
    isRunning: () => running,
    async stop(mode = "fast") {
      if (!running) return;
      run("pg_ctl", ["-D", dataDir, "-m", mode, "-w", "stop"]);
      running = false;
    },
    async start() {
      if (running) return;
      run("pg_ctl", ["-D", dataDir, "-l", logFile, "-o", serverOptions, "-w", "-t", "30", "start"]);
      running = true;
      await waitUntil(`PostgreSQL on port ${port} accepting connections`, answers);
    },
    async restart({ downMs = 0, mode = "fast" } = {}) {
      await cluster.stop(mode);
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await cluster.start();
    },
    async dispose() {
      if (running) await cluster.stop("immediate").catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (err) {
    const log = await readFile(logFile, "utf8").catch(() => "");
    await cluster.dispose();
    throw new Error(`${(err as Error).message}\n${log.split("\n").slice(-20).join("\n")}`, { cause: err });
  }
  return cluster;
}

// ----------------------------------------------------------------------------------------- Redis

export type RedisServer = {
  readonly port: number;
  /** redis://127.0.0.1:<port> */
  readonly url: string;
  isRunning(): boolean;
  /** Kills the server (SIGKILL by default: an outage; "SIGTERM" shuts down cleanly). Data is lost either way (no persistence). */
  stop(signal?: "SIGKILL" | "SIGTERM"): Promise<void>;
  /** Starts it again on the same port, empty unless started with persistence in `args`. */
  start(): Promise<void>;
  restart(opts?: { downMs?: number }): Promise<void>;
  /** Runs one command with redis-cli (e.g. ["FLUSHALL"], ["CONFIG", "SET", "maxmemory-policy", "allkeys-lru"]). */
  command(args: string[]): Promise<string>;
  dispose(): Promise<void>;
};

/** Starts redis-server on a free port with no persistence; `args` are extra server options (e.g. ["--maxmemory-policy", "allkeys-lru"]). */
export async function startRedisServer(opts: { dir: string; port?: number; args?: string[] }): Promise<RedisServer> {
  if (spawnSync("sh", ["-c", "command -v redis-server"], { stdio: "ignore" }).status !== 0) {
    throw new Error("redis-server was not found: install Redis (Debian: apt-get install redis-server).");
  }
  const dir = path.resolve(opts.dir);
  const port = opts.port ?? (await freePort());
  await mkdir(dir, { recursive: true });
  let child: ChildProcess | null = null;
  let output = "";
  const cli = (args: string[]) => spawnSync("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args], { encoding: "utf8" });
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    isRunning: () => child !== null,
    async start() {
      if (child) return;
      const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, ...(opts.args ?? [])];
      const started = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
      started.stdout.on("data", (d) => (output = (output + d).slice(-4000)));
      started.stderr.on("data", (d) => (output = (output + d).slice(-4000)));
      child = started;
      started.on("exit", () => {
        if (child === started) child = null;
      });
      await waitUntil(`redis-server on port ${port} answering PING`, async () => {
        if (child !== started) throw new Error(`redis-server exited: ${output.trim().slice(-1000)}`);
        return cli(["PING"]).stdout.trim() === "PONG";
      });
    },
    async stop(signal = "SIGKILL") {
      const running = child;
      if (!running) return;
      const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
      running.kill(signal);
      await exited;
    },
    async restart({ downMs = 0 } = {}) {
      await server.stop();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await server.start();
    },
    async command(args) {
      const r = cli(args);
      if (r.status !== 0) throw new Error(`redis-cli ${args.join(" ")} failed: ${r.stderr.trim()}`);
      return r.stdout.trim();
    },
    async dispose() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
