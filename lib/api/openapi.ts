// The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json and rendered at /docs/api.
// Request bodies and query strings are generated (z.toJSONSchema, JSON Schema 2020-12 as OpenAPI 3.1
// uses it) from the very zod schemas the route handlers parse with, so the document cannot drift
// from what the API accepts. test/security/route-inventory.test.ts checks every route handler is here.
import { z } from "zod";
import { evalConfigInputSchema } from "@/lib/challenges/protocol";
import { challengeFieldsSchema, challengePatchSchema, phaseBodySchema } from "@/lib/challenges/schemas";
import { cancelBodySchema } from "@/lib/submissions/api-schemas";
import {
  challengeCreatorBodySchema,
  createTeamBodySchema,
  leaderboardQuerySchema,
  mySubmissionsQuerySchema,
  registerBodySchema,
} from "./request-schemas";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** Who may call an operation (the API answers 401 without credentials, 403/404 to the wrong caller). */
export type Audience = "anyone" | "signed-in" | "team" | "organizers" | "admins";

export interface ApiOperation {
  method: HttpMethod;
  /** OpenAPI style: /api/v1/challenges/{slug}. */
  path: string;
  tag: "Challenges" | "Phases" | "Leaderboards" | "Submissions" | "Teams" | "Account" | "Admin";
  summary: string;
  description?: string;
  audience: Audience;
  query?: z.ZodObject;
  /** Flags the handler reads without a schema of its own (?confirm=true, ?override=true). */
  flags?: { name: string; description: string }[];
  body?: { schema: z.ZodType } | { multipart: true } | { file: string };
  responses: Record<string, string>;
}

const override = { name: "override", description: "true: do it although the phase is still open (recorded in the audit log)." };

export const API_OPERATIONS: ApiOperation[] = [
  {
    method: "get",
    path: "/api/v1/challenges",
    tag: "Challenges",
    summary: "List published and archived challenges",
    description: "Drafts never appear. Each item has its slug, title, summary, dates and team and submission counts.",
    audience: "anyone",
    responses: { "200": "{ challenges: [...] }" },
  },
  {
    method: "post",
    path: "/api/v1/challenges",
    tag: "Challenges",
    summary: "Create a challenge",
    description: "Admins, or users with the right to create challenges. The caller becomes its organizer.",
    audience: "admins",
    body: { schema: challengeFieldsSchema },
    responses: { "201": "The challenge.", "400": "A field is invalid (problems list each).", "409": "The slug is taken." },
  },
  {
    method: "get",
    path: "/api/v1/challenges/{slug}",
    tag: "Challenges",
    summary: "Read a challenge",
    description: "Description, rules, phases with their windows and quotas, counts. A draft is a 404 except to its organizers.",
    audience: "anyone",
    responses: { "200": "The challenge.", "404": "No such challenge (or a draft)." },
  },
  {
    method: "patch",
    path: "/api/v1/challenges/{slug}",
    tag: "Challenges",
    summary: "Update a challenge",
    description: "Any of the fields; `organizers: [email]` adds co-organizers.",
    audience: "organizers",
    body: { schema: challengePatchSchema },
    responses: { "200": "The challenge.", "400": "A field is invalid.", "409": "The slug is taken." },
  },
  {
    method: "get",
    path: "/api/v1/challenges/{slug}/definition",
    tag: "Challenges",
    summary: "Export the challenge definition as YAML",
    description: "Challenge, phases, protocols and split settings (no submissions, no ground truth).",
    audience: "organizers",
    responses: { "200": "YAML (application/yaml)." },
  },
  {
    method: "post",
    path: "/api/v1/challenges/{slug}/register",
    tag: "Teams",
    summary: "Register one of your teams for a challenge",
    audience: "signed-in",
    body: { schema: registerBodySchema },
    responses: { "201": "Registered now.", "200": "It already was.", "409": "A member is already in another team of this challenge." },
  },
  {
    method: "put",
    path: "/api/v1/challenges/{slug}/phases/{phase}",
    tag: "Phases",
    summary: "Create or update a phase",
    description: "Optional `split` and `evaluation` as in the YAML definition. Dates are ISO 8601 (UTC).",
    audience: "organizers",
    body: { schema: phaseBodySchema },
    responses: { "201": "Created.", "200": "Updated.", "400": "A field is invalid (e.g. the end is before the start)." },
  },
  {
    method: "put",
    path: "/api/v1/challenges/{slug}/phases/{phase}/eval-config",
    tag: "Phases",
    summary: "Set the evaluation protocol",
    description: "A change creates a new config version; the answer lists the submissions scored with an older one.",
    audience: "organizers",
    body: { schema: evalConfigInputSchema },
    responses: { "200": "The new config version and the submissions to re-evaluate." },
  },
  {
    method: "put",
    path: "/api/v1/challenges/{slug}/phases/{phase}/ground-truth",
    tag: "Phases",
    summary: "Upload the hidden ground truth",
    description:
      "A COCO instances file (JSON, gzip accepted). Replacing one that submissions were scored on needs ?confirm=true. It is never served back.",
    audience: "organizers",
    flags: [{ name: "confirm", description: "true: replace a ground truth that submissions were scored on, and re-evaluate them." }],
    body: { file: "application/json" },
    responses: {
      "200": "Its summary (images, instances per class).",
      "422": "The file is not a valid COCO ground truth (problems list each).",
    },
  },
  {
    method: "get",
    path: "/api/v1/challenges/{slug}/phases/{phase}/leaderboard",
    tag: "Leaderboards",
    summary: "Read a leaderboard",
    description:
      "The overall ranking, one class's ranking (?category=), or the full teams x classes AP matrix (?view=classes), as JSON or CSV. " +
      "Every overall row carries `ci: {level, low, high}`, the bootstrap percentile interval of the primary metric (null until the " +
      "statistics are computed; low/high null when no replicate defines it), and `rankGroup` (1, 2, ...: the tied rank group, null " +
      "for baselines and before the statistics exist); the CSV has the columns ci_level, ci_low, ci_high, rank_group. The JSON's " +
      "`statistics` states the settings: replicates, level, ranking (point | groups: a group shares its leader's rank) and laddered " +
      "(the public split of a laddered phase shows each team's ladder entry). See docs/statistics.md. " +
      "Rows carry COCO's twelve metrics (ap ... arLarge); an LVIS AP or LVIS Fixed AP phase adds apRare, apCommon, apFrequent " +
      "(its AR@300 or AR@10000/cat is ar1; ar10 and ar100 are null), and a phase showing mIoU adds miou; the CSV names them " +
      "ap_rare, ap_common, ap_frequent, miou. The matrix's `classes` carry `frequency` (LVIS's r, c or f; null for other ground " +
      "truths), and ?frequency=r|c|f|all keeps one group.",
    audience: "anyone",
    query: leaderboardQuerySchema,
    responses: { "200": "The rows (JSON) or a CSV file.", "403": "The private split is not released yet." },
  },
  {
    method: "post",
    path: "/api/v1/challenges/{slug}/phases/{phase}/reevaluate",
    tag: "Phases",
    summary: "Re-evaluate every submission of the phase",
    audience: "organizers",
    flags: [override],
    responses: { "202": "{ queued, evalConfigVersion }", "409": "The phase is open (send ?override=true)." },
  },
  {
    method: "post",
    path: "/api/v1/challenges/{slug}/phases/{phase}/release-private",
    tag: "Phases",
    summary: "Release the private split",
    audience: "organizers",
    flags: [override],
    responses: { "200": "Released.", "409": "The phase is open (send ?override=true)." },
  },
  {
    method: "get",
    path: "/api/v1/challenges/{slug}/phases/{phase}/submissions",
    tag: "Submissions",
    summary: "List your team's submissions",
    description: "Newest first, a page at a time.",
    audience: "team",
    query: mySubmissionsQuerySchema,
    responses: { "200": "{ page, pageSize, total, submissions: [...] }", "400": "?mine=1 is missing, or a bad page." },
  },
  {
    method: "post",
    path: "/api/v1/challenges/{slug}/phases/{phase}/submissions",
    tag: "Submissions",
    summary: "Upload a results file",
    description: "multipart/form-data: `file` (.json, .json.gz or .zip of COCO results) and an optional `description`.",
    audience: "team",
    body: { multipart: true },
    responses: {
      "202": '{ id, status: "QUEUED" }',
      "403": "Outside the phase window.",
      "422": "The file fails validation (the FAILED submission is kept).",
      "429": "Over the quota (Retry-After says when).",
    },
  },
  {
    method: "get",
    path: "/api/v1/submissions/{id}",
    tag: "Submissions",
    summary: "Read a submission's status and scores",
    description:
      "Progress, queue place, error, and scores per split: `stats` (COCOeval's twelve numbers), `metrics` (the same by name: AP, AP50, ..., ARl; null where undefined) and per-class results. " +
      "An LVIS phase's `metrics` are LVISEval's keys (AP ... APr, APc, APf, AR@300 or AR@10000/cat, ...) and its per-class rows carry each class's `frequency`; " +
      "a phase showing mIoU adds `miou` (mIoU from instances: `mIoU`, `scoreThreshold` and per-class `iou`). " +
      "`tide`: TIDE's error analysis of the public split (docs/tide.md), null when none is expected (not finished, LVIS phases): " +
      '`{ status: "pending" | "done" | "skipped" | "failed", split: "public", mode: "mask" | "bbox", ap50, mainErrors: { Cls, Loc, Both, Dupe, Bkg, Miss }, specialErrors: { FalsePos, FalseNeg }, errorCounts: { Cls, ... }, message }` (percent units; numbers null unless done).',
    audience: "team",
    responses: { "200": "The submission, with `scores` and `tide`." },
  },
  {
    method: "delete",
    path: "/api/v1/submissions/{id}",
    tag: "Submissions",
    summary: "Cancel a submission",
    description: "Organizers a queued or running one (with an optional reason shown to the team); the team its own while queued.",
    audience: "team",
    body: { schema: cancelBodySchema },
    responses: { "200": "The cancelled submission.", "409": "It is no longer cancellable." },
  },
  {
    method: "post",
    path: "/api/v1/submissions/{id}/cancel",
    tag: "Submissions",
    summary: "Cancel a submission (same as DELETE)",
    audience: "team",
    body: { schema: cancelBodySchema },
    responses: { "200": "The cancelled submission.", "409": "It is no longer cancellable." },
  },
  {
    method: "get",
    path: "/api/v1/submissions/{id}/file",
    tag: "Submissions",
    summary: "Download the uploaded results file",
    audience: "team",
    responses: { "200": "The file, byte for byte." },
  },
  {
    method: "post",
    path: "/api/v1/submissions/{id}/rerun",
    tag: "Submissions",
    summary: "Re-run a submission",
    description: "With the phase's current ground truth and protocol. Not for files that failed validation.",
    audience: "organizers",
    responses: { "202": "Queued again.", "409": "It cannot be re-run." },
  },
  {
    method: "get",
    path: "/api/v1/teams",
    tag: "Teams",
    summary: "List your teams",
    audience: "signed-in",
    responses: { "200": "{ teams: [...] }" },
  },
  {
    method: "post",
    path: "/api/v1/teams",
    tag: "Teams",
    summary: "Create a team",
    audience: "signed-in",
    body: { schema: createTeamBodySchema },
    responses: { "201": "{ slug, name, id }" },
  },
  {
    method: "get",
    path: "/api/v1/me",
    tag: "Account",
    summary: "Who am I",
    description: "The account behind the token or session, with its teams.",
    audience: "signed-in",
    responses: { "200": "The account." },
  },
  {
    method: "post",
    path: "/api/v1/admin/challenge-creators",
    tag: "Admin",
    summary: "Grant or revoke the right to create challenges",
    audience: "admins",
    body: { schema: challengeCreatorBodySchema },
    responses: { "200": "The user and the right." },
  },
  {
    method: "get",
    path: "/api/v1/openapi.json",
    tag: "Account",
    summary: "This document",
    audience: "anyone",
    responses: { "200": "OpenAPI 3.1 (application/json)." },
  },
];

const AUDIENCE_TEXT: Record<Audience, string> = {
  anyone: "Anyone (visibility rules apply: drafts, hidden leaderboards, the private split).",
  "signed-in": "Signed-in users.",
  team: "The submitting team's members, and the challenge's organizers.",
  organizers: "The challenge's organizers (and site admins).",
  admins: "Site admins (creating challenges: also users granted the right).",
};

export const AUDIENCE_LABEL: Record<Audience, string> = {
  anyone: "public",
  "signed-in": "signed in",
  team: "team",
  organizers: "organizers",
  admins: "admins",
};

/** JSON Schema of what a client sends (input side: defaults optional, coerced strings as strings). */
export function inputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

function pathParameters(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
}

function queryParameters(op: ApiOperation) {
  const out: Record<string, unknown>[] = [];
  if (op.query) {
    const schema = inputJsonSchema(op.query) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const { description, ...rest } = property;
      out.push({ name, in: "query", required: schema.required?.includes(name) ?? false, description, schema: rest });
    }
  }
  for (const flag of op.flags ?? [])
    out.push({ name: flag.name, in: "query", required: false, description: flag.description, schema: { type: "boolean" } });
  return out;
}

function requestBody(op: ApiOperation) {
  if (!op.body) return undefined;
  if ("schema" in op.body) return { required: false, content: { "application/json": { schema: inputJsonSchema(op.body.schema) } } };
  if ("multipart" in op.body)
    return {
      required: true,
      content: {
        "multipart/form-data": {
          schema: {
            type: "object",
            required: ["file"],
            properties: {
              file: {
                type: "string",
                contentMediaType: "application/octet-stream",
                description: ".json, .json.gz or .zip of COCO results",
              },
              description: { type: "string", maxLength: 500 },
            },
          },
        },
      },
    };
  return { required: true, content: { [op.body.file]: { schema: { type: "object", description: "A COCO instances file." } } } };
}

/** The OpenAPI 3.1 document, with `serverUrl` (the site's own address) as its server. */
export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS) {
    const parameters = [...pathParameters(op.path), ...queryParameters(op)];
    paths[op.path] ??= {};
    paths[op.path][op.method] = {
      tags: [op.tag],
      summary: op.summary,
      description: [op.description, `Who: ${AUDIENCE_TEXT[op.audience]}`].filter(Boolean).join("\n\n"),
      operationId: `${op.method}${op.path
        .replace(/^\/api\/v1/, "")
        .replace(/[{}]/g, "")
        .replace(/[/.-](\w)/g, (_, c: string) => c.toUpperCase())}`,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(op.body ? { requestBody: requestBody(op) } : {}),
      responses: Object.fromEntries(
        Object.entries({ ...op.responses, ...(op.audience === "anyone" ? {} : { "401": "No or a bad API token." }) }).map(
          ([status, description]) => [
            status,
            {
              description,
              ...(status.startsWith("2") ? {} : { content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }),
            },
          ],
        ),
      ),
      ...(op.audience === "anyone" ? { security: [{}, { bearer: [] }] } : {}),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Maskboard API",
      version: "1",
      description:
        "Instance segmentation challenges: challenges, phases, leaderboards and submissions. Authenticate with `Authorization: Bearer mb_...` (Settings → API tokens).",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    tags: [...new Set(API_OPERATIONS.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API token mb_... from Settings → API tokens." } },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string" },
                message: { type: "string" },
                problems: { type: "array", items: { type: "object" } },
              },
            },
          },
        },
      },
    },
  };
}
