// Static inventory of the app's entry points: every route handler method and every server action must
// be covered by the HTTP security tests or go through lib/auth. A new endpoint that nobody listed
// makes this file fail, so "every mutation checks authorization" stays checked.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inputJsonSchema, openApiDocument } from "@/lib/api/openapi";
import { challengeFieldsSchema } from "@/lib/challenges/schemas";
import { MUTATION_ENDPOINTS, OTHER_MUTATING_ROUTES, READ_ENDPOINTS, SERVER_ACTIONS } from "./endpoints";

const ROOT = path.resolve(__dirname, "../..");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

function routeOf(file: string): string {
  return "/" + path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep).join("/");
}

/** "POST /api/v1/teams" for every exported HTTP method of every route.ts. */
function routeHandlers(): { method: string; route: string; source: string }[] {
  const out: { method: string; route: string; source: string }[] = [];
  for (const file of walk(path.join(ROOT, "app/api")).filter((f) => f.endsWith("route.ts"))) {
    const source = readFileSync(file, "utf8");
    const methods = new Set<string>();
    for (const m of source.matchAll(/export\s+(?:async\s+)?function\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g)) methods.add(m[1]);
    for (const m of source.matchAll(/export\s+(?:const|let)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\s*=/g)) methods.add(m[1]);
    for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
      for (const part of m[1].split(",")) {
        const name = part
          .trim()
          .split(/\s+as\s+/)
          .pop()
          ?.trim();
        if (name && /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/.test(name)) methods.add(name);
      }
    }
    for (const method of methods) out.push({ method, route: routeOf(file), source });
  }
  return out;
}

describe("route handler inventory", () => {
  const handlers = routeHandlers();

  it("organizer route helpers authenticate and authorize before the handler runs", () => {
    const helper = readFileSync(path.join(ROOT, "lib/challenges/organizer-route.ts"), "utf8");
    const body = helper.slice(helper.indexOf("export async function withOrganizer"));
    expect(body.indexOf("authenticateRequest(req)")).toBeGreaterThan(-1);
    expect(body.indexOf("authorizeManageChallenge(")).toBeGreaterThan(body.indexOf("authenticateRequest(req)"));
    expect(body.indexOf("handle(")).toBeGreaterThan(body.indexOf("authorizeManageChallenge("));
  });

  it("finds the route handlers (the scan itself works)", () => {
    expect(handlers.some((h) => h.method === "PATCH" && h.route === "/api/v1/challenges/[slug]")).toBe(true);
    expect(handlers.some((h) => h.method === "POST" && h.route === "/api/v1/submissions/[id]/cancel")).toBe(true);
  });

  it("lists every mutating route handler in the HTTP authorization table", () => {
    const listed = new Set([...MUTATION_ENDPOINTS.map((e) => `${e.method} ${e.route}`), ...OTHER_MUTATING_ROUTES]);
    const missing = handlers
      .filter((h) => !["GET", "HEAD", "OPTIONS"].includes(h.method))
      .map((h) => `${h.method} ${h.route}`)
      .filter((k) => !listed.has(k));
    expect(missing, "add these to test/security/endpoints.ts").toEqual([]);
  });

  it("lists every GET under /api/v1 in the Bearer-token table", () => {
    const listed = new Set(READ_ENDPOINTS.map((e) => e.route));
    const missing = handlers
      .filter((h) => h.method === "GET" && h.route.startsWith("/api/v1/"))
      .map((h) => h.route)
      .filter((r) => !listed.has(r));
    expect(missing).toEqual([]);
  });

  it("authenticates every /api/v1 handler through lib/auth (Bearer token or same-site cookie)", () => {
    const without = handlers
      .filter((h) => h.route.startsWith("/api/v1/"))
      // A re-export runs the handler of the file it comes from.
      .filter((h) => !/export\s*\{[^}]*\}\s*from/.test(h.source))
      // withOrganizer / withOrganizerPhase (lib/challenges/organizer-route.ts) call authenticateRequest and authorizeManageChallenge.
      .filter((h) => !/authenticateRequest\(req\)|withOrganizer(Phase)?\(req,/.test(h.source))
      .map((h) => `${h.method} ${h.route}`);
    expect(without).toEqual([]);
  });
});

describe("server actions", () => {
  const files = walk(path.join(ROOT, "app")).filter((f) => /\.tsx?$/.test(f) && /^\s*["']use server["']/m.test(readFileSync(f, "utf8")));

  it("finds the server action files", () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it("lists every exported action in the inventory (test/security/endpoints.ts SERVER_ACTIONS)", () => {
    const exported = files.flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/export\s+async\s+function\s+(\w+)/g)].map(
        (m) => `${path.relative(ROOT, file).split(path.sep).join("/")}#${m[1]}`,
      ),
    );
    expect(exported).toContain("app/admin/users/actions.ts#setChallengeCreationAction");
    expect(
      exported.filter((a) => !Object.hasOwn(SERVER_ACTIONS, a)),
      "add these to SERVER_ACTIONS",
    ).toEqual([]);
    expect(
      Object.keys(SERVER_ACTIONS).filter((a) => !exported.includes(a)),
      "remove these from SERVER_ACTIONS",
    ).toEqual([]);
  });

  it("every exported action reads the viewer from the session and hands it to lib (whose functions authorize)", () => {
    const unchecked: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, "utf8");
      const parts = source.split(/(?=export\s+async\s+function\s+)/).slice(1);
      for (const part of parts) {
        const name = /export\s+async\s+function\s+(\w+)/.exec(part)?.[1];
        // organizerAction() and organizerFormAction() authorize with authorizeManageChallenge before running the action.
        if (!/getViewer\(\)/.test(part) && !/organizer(Form)?Action\(/.test(part)) unchecked.push(`${path.relative(ROOT, file)}: ${name}`);
      }
    }
    expect(unchecked).toEqual([]);
  });

  it("organizer actions authorize the form's challenge before running", () => {
    const source = readFileSync(path.join(ROOT, "app/c/[slug]/manage/actions.ts"), "utf8");
    for (const name of ["organizerAction", "organizerFormAction"]) {
      const start = source.indexOf(`async function ${name}(`);
      expect(start, name).toBeGreaterThan(-1);
      const helper = source.slice(start, source.indexOf("\n}\n", start));
      expect(helper.indexOf("authorizeManageChallenge(")).toBeGreaterThan(-1);
      expect(helper.indexOf("authorizeManageChallenge(")).toBeLessThan(helper.indexOf("await fn("));
    }
  });
});

describe("secrets stay on the server", () => {
  it("no client component reads the environment or server modules", () => {
    const offenders: string[] = [];
    for (const file of walk(path.join(ROOT, "app")).filter((f) => /\.tsx?$/.test(f))) {
      const source = readFileSync(file, "utf8");
      if (!/^\s*["']use client["']/m.test(source)) continue;
      for (const bad of [
        "process.env",
        "@/lib/config",
        "@/lib/db",
        "@/lib/storage",
        "@/lib/auth/tokens",
        "@/lib/generated/prisma/client",
      ]) {
        if (source.includes(bad)) offenders.push(`${path.relative(ROOT, file)} uses ${bad}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("Markdown is rendered without a raw-HTML plugin", () => {
    const files = walk(path.join(ROOT, "app")).filter((f) => /\.tsx?$/.test(f));
    const source = (f: string) => readFileSync(f, "utf8");
    expect(files.some((f) => source(f).includes('from "react-markdown"'))).toBe(true);
    // rehype-raw (or any rehype plugin) would turn raw HTML in a description into markup.
    const risky = files.filter((f) => /from\s+["']rehype-raw["']|rehypePlugins=|allowDangerousHtml|urlTransform=/.test(source(f)));
    expect(risky.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});

describe("the OpenAPI document (lib/api/openapi.ts, served at /api/v1/openapi.json)", () => {
  const doc = openApiDocument("https://maskboard.example");
  const handlers = routeHandlers().filter((h) => h.route.startsWith("/api/v1/"));

  it("describes every route handler under /api/v1, method by method", () => {
    expect(handlers.length).toBeGreaterThan(20);
    const missing = handlers
      .map((h) => ({ path: h.route.replace(/\[(\w+)\]/g, "{$1}"), method: h.method.toLowerCase() }))
      .filter(({ path, method }) => !(doc.paths[path] && method in doc.paths[path]))
      .map(({ path, method }) => `${method.toUpperCase()} ${path}`);
    expect(missing, "add these to API_OPERATIONS in lib/api/openapi.ts").toEqual([]);
  });

  it("describes no route that does not exist", () => {
    const existing = new Set(handlers.map((h) => `${h.method.toLowerCase()} ${h.route.replace(/\[(\w+)\]/g, "{$1}")}`));
    const extra = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
      .filter((k) => !existing.has(k));
    expect(extra).toEqual([]);
  });

  it("takes request bodies and queries from the zod schemas the routes parse with", () => {
    expect(doc.openapi).toBe("3.1.0");
    const create = doc.paths["/api/v1/challenges"].post as { requestBody: { content: Record<string, { schema: unknown }> } };
    expect(create.requestBody.content["application/json"].schema).toEqual(inputJsonSchema(challengeFieldsSchema));
    expect(inputJsonSchema(challengeFieldsSchema)).toMatchObject({ type: "object", required: ["slug", "title"] });
    const mine = doc.paths["/api/v1/challenges/{slug}/phases/{phase}/submissions"].get as {
      parameters: { name: string; in: string; required: boolean }[];
    };
    expect(mine.parameters.map((p) => [p.in, p.name, p.required])).toEqual([
      ["path", "slug", true],
      ["path", "phase", true],
      ["query", "mine", true],
      ["query", "page", false],
      ["query", "pageSize", false],
    ]);
    // Each route file parses with the schema the document shows (no private copy of it in the route).
    for (const h of handlers) expect(h.source, h.route).not.toMatch(/=\s*z\.object\(/);
  });
});
