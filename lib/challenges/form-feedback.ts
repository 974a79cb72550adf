// What an organizer form shows when the server refuses it: one plain summary and a message next to
// each field at fault, keyed by the form's input names (the typed values stay in the form).
import { ZodError } from "zod";
import { describeError } from "./describe-error";
import { errorReport } from "@/lib/errors";

/** The state an organizer form's server action returns (rendered by OrganizerForm). */
export type FormState = { error: string; fields: Record<string, string> } | null;

/** Labels of the organizer forms' inputs, as the pages show them. */
export const FIELD_LABELS: Record<string, string> = {
  title: "Title",
  slug: "Slug",
  summary: "Summary",
  description: "Description",
  rules: "Rules",
  name: "Name",
  startsAt: "Starts (UTC)",
  endsAt: "Ends (UTC)",
  maxSubmissionsPerDay: "Submissions per day",
  maxSubmissionsTotal: "Submissions in total",
  maxConcurrent: "Concurrent evaluations per team",
  maxFinalSelections: "Final selections per team",
  maxUploadMiB: "Upload size cap (MiB)",
  leaderboardVisibility: "Leaderboard visible to",
  publicPercent: "Public images (%)",
  seed: "Seed",
  publicImageIds: "Public image ids",
  iouCustom: "Custom IoU thresholds",
  areaCustom: "Custom area ranges",
  maxDets: "maxDets",
  primaryMetric: "Primary metric",
  replicates: "Replicates",
  ciLevel: "Interval level",
  bootstrapSeed: "Seed of the draws",
  email: "E-mail",
};

/** API field paths whose form input has another name. */
const INPUT_OF_PATH: Record<string, string> = {
  maxUploadBytes: "maxUploadMiB",
  iouThresholds: "iouCustom",
  areaRanges: "areaCustom",
  organizers: "email",
};

/** The protocol form's inputs for the statistics fields (statistics.seed is not the split's seed). */
const STATISTICS_INPUTS: Record<string, string> = {
  replicates: "replicates",
  level: "ciLevel",
  seed: "bootstrapSeed",
  ranking: "ranking",
  ladder: "ladder",
};

function inputOf(path: string): string | undefined {
  const statistics = /^statistics\.(\w+)/.exec(path);
  if (statistics) return STATISTICS_INPUTS[statistics[1]];
  const top = path.replace(/^split\./, "").split(/[.[]/)[0];
  if (!top) return undefined;
  return INPUT_OF_PATH[top] ?? top;
}

/**
 * The form state for a refused submission: its problems become per-field messages (the summary of a
 * validation failure lists them with the fields' labels); other refusals keep their message as the
 * summary. Failures that are not the user's are logged and described generically (describeError).
 */
export function formFeedback(err: unknown): NonNullable<FormState> {
  const report = errorReport(err);
  if (report.fault !== "user") return { error: describeError(err), fields: {} };
  const fields: Record<string, string> = {};
  const general: string[] = [];
  for (const p of report.problems) {
    const input = inputOf(p.path);
    if (!input) general.push(p.message);
    else if (!(input in fields)) fields[input] = p.message;
  }
  if (err instanceof ZodError) {
    const listed = Object.entries(fields).map(([input, message]) => `${FIELD_LABELS[input] ?? input}: ${message}`);
    return { error: `Not saved. ${[...listed, ...general].join("; ")}.`, fields };
  }
  const unsaid = general.filter((m) => !report.message.includes(m));
  return { error: [report.message, ...unsaid].join(" "), fields };
}
