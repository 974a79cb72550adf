// Input schemas shared by the organizer forms, the API and the YAML definition.
import { z } from "zod";
import { formatPath } from "@/lib/errors";
import { evalConfigInputSchema } from "./protocol";

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const slugSchema = z
  .string()
  .regex(SLUG_PATTERN, "use 1-64 lower-case letters, digits and hyphens, starting and ending with a letter or digit");

const dateSchema = z.coerce.date({ error: "must be a date-time such as 2026-01-01T00:00:00Z" }).refine((d) => !Number.isNaN(d.getTime()), {
  message: "must be a date-time such as 2026-01-01T00:00:00Z",
});

export const challengeStatusSchema = z.enum(["DRAFT", "PUBLISHED", "ARCHIVED"]);

export const challengeFieldsSchema = z
  .object({
    slug: slugSchema,
    title: z.string().trim().min(1, "a title is required").max(200),
    summary: z.string().max(500).default(""),
    description: z.string().max(100_000).default(""),
    rules: z.string().max(100_000).default(""),
    status: challengeStatusSchema.default("DRAFT"),
    publicSubmissionPages: z.boolean().default(true),
  })
  .strict();
export type ChallengeFields = z.output<typeof challengeFieldsSchema>;

/** PATCH: every field optional, no defaults (absent = unchanged). */
export const challengePatchSchema = z
  .object({
    slug: slugSchema,
    title: z.string().trim().min(1, "a title cannot be empty").max(200),
    summary: z.string().max(500),
    description: z.string().max(100_000),
    rules: z.string().max(100_000),
    status: challengeStatusSchema,
    publicSubmissionPages: z.boolean(),
    organizers: z.array(z.email("must be an e-mail address")),
  })
  .partial()
  .strict();
export type ChallengePatch = z.output<typeof challengePatchSchema>;

export const splitInputSchema = z
  .object({
    publicPercent: z
      .number()
      .int("publicPercent is a whole number")
      .min(1, "publicPercent must be at least 1")
      .max(100, "publicPercent is at most 100 (100 = no private split)")
      .optional(),
    seed: z
      .number()
      .int("seed is a whole number")
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    publicImageIds: z.array(z.number().int("image ids are whole numbers")).min(1, "list at least one public image id").optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if ((s.publicPercent === undefined) === (s.publicImageIds === undefined))
      ctx.addIssue({ code: "custom", message: "give either { publicPercent, seed } or { publicImageIds: [...] }" });
    if (s.publicImageIds !== undefined && s.seed !== undefined)
      ctx.addIssue({ code: "custom", path: ["seed"], message: "seed applies only to publicPercent splits" });
  });
export type SplitInput = z.output<typeof splitInputSchema>;

const count = () => z.number({ error: "must be a number" }).int("must be a whole number").min(0, "must be 0 or more");

const phaseObjectSchema = z
  .object({
    slug: slugSchema,
    name: z.string().trim().min(1, "a phase name is required").max(200),
    position: z.number().int().min(0).optional(),
    startsAt: dateSchema,
    endsAt: dateSchema,
    maxSubmissionsPerDay: count().default(5),
    maxSubmissionsTotal: count().default(100),
    maxConcurrent: count().min(1, "must be at least 1").default(2),
    maxFinalSelections: count().default(1),
    maxUploadBytes: z
      .number()
      .int()
      .positive("must be more than 0")
      .default(2 * 1024 ** 3),
    leaderboardVisibility: z.enum(["PUBLIC", "PARTICIPANTS", "HIDDEN"]).default("PUBLIC"),
    autoReleasePrivate: z.boolean().default(false),
    allowLateSubmissions: z.boolean().default(false),
    split: splitInputSchema.optional(),
    evaluation: evalConfigInputSchema.optional(),
  })
  .strict();

/** "2026-01-01 00:00 UTC": how dates read in messages. */
export function utcMinute(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function endsAfterStart(p: { startsAt: Date; endsAt: Date }, ctx: z.RefinementCtx) {
  if (p.endsAt.getTime() <= p.startsAt.getTime())
    ctx.addIssue({
      code: "custom",
      path: ["endsAt"],
      message: `the phase would end (${utcMinute(p.endsAt)}) before it starts (${utcMinute(p.startsAt)}): pick an end after the start`,
    });
}

export const phaseFieldsSchema = phaseObjectSchema.superRefine(endsAfterStart);

/** PUT /phases/{phase}: the slug comes from the URL (a body slug renames the phase). */
export const phaseBodySchema = phaseObjectSchema.extend({ slug: slugSchema.optional() }).superRefine(endsAfterStart);
export type PhaseBody = z.output<typeof phaseBodySchema>;
export type PhaseFields = z.output<typeof phaseFieldsSchema>;

export const challengeDefinitionSchema = challengeFieldsSchema
  .extend({ phases: z.array(phaseFieldsSchema).default([]) })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.phases.forEach((p, i) => {
      if (seen.has(p.slug)) ctx.addIssue({ code: "custom", path: ["phases", i, "slug"], message: `phase slug "${p.slug}" is used twice` });
      seen.add(p.slug);
    });
  });
export type ChallengeDefinition = z.output<typeof challengeDefinitionSchema>;

export { formatPath };

export function formatIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}
