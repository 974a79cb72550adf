// A production build of the app for HTTP tests and benchmarks, shared by every run on this machine: it is
// keyed by the app's source files, so an unchanged tree is built once, and concurrent runs (several
// engineers) wait for one builder instead of building over each other.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, openSync, closeSync } from "node:fs";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { REPO_ROOT } from "./schema-engine";

export const BUILDS_DIR = ".next-test"; // git-ignored by the .next-* pattern
const SOURCE_DIRS = ["app", "lib", "components", "public"];
const SOURCE_FILES = ["next.config.ts", "package-lock.json", "tsconfig.json", "proxy.ts", "instrumentation.ts"];
const COMPLETE_MARKER = ".maskboard-build-complete";
const BUILD_TIMEOUT_MS = 15 * 60_000;
const KEEP_OLD_BUILDS_MS = 2 * 60 * 60_000;

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

/** Changes whenever a file the build reads is added, removed or modified. */
export async function sourceKey(): Promise<string> {
  const files = [
    ...(await Promise.all(SOURCE_DIRS.map((d) => listFiles(path.join(REPO_ROOT, d))))).flat(),
    ...SOURCE_FILES.map((f) => path.join(REPO_ROOT, f)).filter((f) => existsSync(f)),
  ].sort();
  const hash = createHash("sha256");
  for (const file of files) {
    const s = await stat(file).catch(() => null);
    if (s) hash.update(`${path.relative(REPO_ROOT, file)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest("hex").slice(0, 16);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function tail(file: string, lines = 40): Promise<string> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.split("\n").slice(-lines).join("\n");
}

function runBuild(distDir: string, logFile: string): Promise<void> {
  const log = openSync(logFile, "w");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, "node_modules/next/dist/bin/next"), "build"], {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: distDir, MB_SKIP_TYPECHECK: "1", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", log, log],
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), BUILD_TIMEOUT_MS);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      closeSync(log);
      if (code === 0) return resolve();
      void tail(logFile).then((end) => reject(new Error(`next build failed (${signal ?? `exit ${code}`}); log ${logFile}:\n${end}`)));
    });
  });
}

async function pruneOldBuilds(keep: string): Promise<void> {
  const root = path.join(REPO_ROOT, BUILDS_DIR);
  for (const entry of await readdir(root, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory() || entry.name === keep || entry.name.endsWith(".lock")) continue;
    const s = await stat(path.join(root, entry.name)).catch(() => null);
    // Another run may still serve an older build: only remove builds nobody touched for hours.
    if (s && Date.now() - s.mtimeMs > KEEP_OLD_BUILDS_MS) {
      await rm(path.join(root, entry.name), { recursive: true, force: true });
      await rm(path.join(root, `${entry.name}.build.log`), { force: true });
      // The tsconfig next.config.ts wrote for this dist dir.
      await rm(path.join(REPO_ROOT, `${BUILDS_DIR}-${entry.name}.tsconfig.json`), { force: true });
    }
  }
}

/** Returns the dist dir (relative to the repo, for NEXT_DIST_DIR) of a complete build of the current sources. */
export async function ensureTestBuild(): Promise<string> {
  const key = await sourceKey();
  const distDir = `${BUILDS_DIR}/${key}`;
  const absDist = path.join(REPO_ROOT, distDir);
  const lockDir = `${absDist}.lock`;
  const deadline = Date.now() + BUILD_TIMEOUT_MS + 60_000;
  await mkdir(path.join(REPO_ROOT, BUILDS_DIR), { recursive: true });

  while (Date.now() < deadline) {
    if (existsSync(path.join(absDist, COMPLETE_MARKER))) return distDir;
    try {
      await mkdir(lockDir);
    } catch {
      const holder = Number(await readFile(path.join(lockDir, "pid"), "utf8").catch(() => "0"));
      if (holder && !pidAlive(holder))
        await rm(lockDir, { recursive: true, force: true }); // builder died
      else await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    try {
      await writeFile(path.join(lockDir, "pid"), String(process.pid));
      await rm(absDist, { recursive: true, force: true });
      // next build points next-env.d.ts at its own dist dir; keep the developer's version.
      const nextEnvPath = path.join(REPO_ROOT, "next-env.d.ts");
      const nextEnv = await readFile(nextEnvPath, "utf8").catch(() => null);
      try {
        await runBuild(distDir, path.join(REPO_ROOT, BUILDS_DIR, `${key}.build.log`));
      } finally {
        if (nextEnv === null) await rm(nextEnvPath, { force: true });
        else await writeFile(nextEnvPath, nextEnv);
      }
      await writeFile(path.join(absDist, COMPLETE_MARKER), new Date().toISOString());
      await pruneOldBuilds(key);
      return distDir;
    } finally {
      await rm(lockDir, { recursive: true, force: true });
    }
  }
  throw new Error(`Timed out waiting for the test build ${distDir} (another process holds ${lockDir}).`);
}
