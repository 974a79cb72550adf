// Request bodies and query strings of the API routes that have no domain module of their own. The
// routes parse with these schemas and the OpenAPI document (lib/api/openapi.ts) is generated from them.
import { z } from "zod";

/** POST /api/v1/teams. */
export const createTeamBodySchema = z.object({
  name: z.string({ error: 'give the team a "name" (a string)' }).describe("The team's name."),
});

/** POST /api/v1/challenges/{slug}/register. */
export const registerBodySchema = z.object({
  team: z.string({ error: 'give the slug of one of your teams as "team"' }).min(1).describe("The slug of one of your teams."),
});

/** POST /api/v1/admin/challenge-creators. */
export const challengeCreatorBodySchema = z.object({
  email: z.string({ error: 'give the user\'s "email"' }).describe("The user's e-mail address."),
  allowed: z
    .boolean({ error: '"allowed" must be true (grant) or false (revoke)' })
    .default(true)
    .describe("true grants the right to create challenges, false revokes it."),
});

/** GET /api/v1/challenges/{slug}/phases/{phase}/leaderboard. */
export const leaderboardQuerySchema = z.object({
  split: z
    .enum(["public", "private"], { error: 'split must be "public" or "private"' })
    .default("public")
    .describe("Which split's scores."),
  format: z.enum(["json", "csv"], { error: 'format must be "json" or "csv"' }).default("json"),
  view: z
    .enum(["overall", "classes"], { error: 'view must be "overall" or "classes"' })
    .default("overall")
    .describe("overall: the ranking; classes: the full teams x classes AP matrix."),
  category: z
    .string()
    .regex(/^-?\d+$/, "category must be a COCO category id (an integer), e.g. ?category=1")
    .transform(Number)
    .optional()
    .describe("One class's ranking (a COCO category id)."),
  frequency: z
    .enum(["r", "c", "f", "all"], { error: 'frequency must be "r", "c", "f" or "all"' })
    .default("all")
    .describe("view=classes on an LVIS phase: only the classes of this frequency group (rare, common, frequent)."),
});

/** GET /api/v1/challenges/{slug}/phases/{phase}/submissions: the caller's team's entries, newest first. */
export const mySubmissionsQuerySchema = z.object({
  mine: z
    .literal("1", { error: "only your own team's submissions can be listed: add ?mine=1" })
    .describe("Must be 1: your team's submissions."),
  page: z.coerce.number({ error: "page must be a number" }).int().min(1, "page starts at 1").default(1).describe("1-based page number."),
  pageSize: z.coerce
    .number({ error: "pageSize must be a number" })
    .int()
    .min(1, "pageSize must be 1 to 100")
    .max(100, "pageSize must be 1 to 100")
    .default(20)
    .describe("Entries per page (1 to 100)."),
});

/** A query string as an object for one of the schemas above (the first value of a repeated key). */
export function queryObject(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams);
}
