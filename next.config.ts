import { realpathSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { NextConfig } from "next";

// NEXT_DIST_DIR lets several `next dev`/`next start` instances share this tree (one build folder
// each: .next-<name>, git-ignored). See test/README.md.
const distDir = process.env.NEXT_DIST_DIR || ".next";

// Next rewrites the tsconfig it uses to include `<distDir>/types`; for a non-default folder, hand it
// a git-ignored tsconfig beside that folder so tsconfig.json stays untouched.
function tsconfigForDistDir(dir: string): string | undefined {
  if (dir === ".next") return undefined;
  // At the repo root (paths inside are relative to it); the name matches the .next-* ignore rule.
  const file = `${dir.replaceAll("/", "-")}.tsconfig.json`;
  const tsconfig = {
    extends: "./tsconfig.json",
    compilerOptions: { plugins: [{ name: "next" }] },
    include: ["next-env.d.ts", "**/*.ts", "**/*.tsx", `${dir}/types/**/*.ts`, `${dir}/dev/types/**/*.ts`],
    exclude: ["node_modules", "bench-data", "data"],
  };
  writeFileSync(file, JSON.stringify(tsconfig, null, 2) + "\n");
  return file;
}

// A git worktree may share another checkout's node_modules through a symlink; Turbopack resolves only
// under its root, so the root must then contain both (their common ancestor). Unset otherwise.
function turbopackRoot(): string | undefined {
  const here = process.cwd();
  let modules: string;
  try {
    modules = path.dirname(realpathSync(path.join(here, "node_modules")));
  } catch {
    return undefined;
  }
  if (modules === here) return undefined;
  let root = here;
  while (path.relative(root, modules).startsWith("..")) root = path.dirname(root);
  return root;
}

const nextConfig: NextConfig = {
  distDir,
  turbopack: { root: turbopackRoot() },
  typescript: {
    tsconfigPath: tsconfigForDistDir(distDir),
    // Test builds (MB_SKIP_TYPECHECK=1) skip the type check: `npm run typecheck` covers it, and
    // tests should exercise behaviour, not fail on a type error in an unrelated page.
    ignoreBuildErrors: process.env.MB_SKIP_TYPECHECK === "1",
  },
  // Loaded by Node at run time, not bundled: native modules, and packages that find their files on disk (Bull Board's UI).
  serverExternalPackages: [
    "@node-rs/argon2",
    "pg",
    "bullmq",
    "ioredis",
    "@bull-board/api",
    "@bull-board/ui",
    "@bull-board/hono",
    "hono",
    "@hono/node-server",
    "@aws-sdk/client-s3",
    "@aws-sdk/lib-storage",
  ],
  poweredByHeader: false,
  // forbidden() from next/navigation: organizer pages answer 403 to signed-in non-organizers.
  experimental: { authInterrupts: true },
  // No page may be framed: a framed organizer page could be clicked into releasing a private split.
  async headers() {
    return [
      // Answers of the API depend on who asks (a session cookie or a Bearer token): no shared or browser
      // cache may keep them (private-split leaderboards, teams, /me). Routes cannot drop this header.
      {
        source: "/api/v1/:path*",
        headers: [{ key: "Cache-Control", value: "private, no-store" }],
      },
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
