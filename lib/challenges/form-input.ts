// Turns the organizer console's HTML form fields into the inputs the API schemas take, so forms,
// API and YAML share one validation. Pure: tested without a browser.
import { COCO_AREA_RANGES, IOU_PRESETS, type IouPreset } from "./protocol";
import { ChallengeError } from "./errors";
import { formText } from "@/lib/form-data";

type Form = { get(name: string): FormDataEntryValue | null };

const text = (form: Form, name: string) => formText(form, name).trim();

function numberList(value: string, field: string): number[] {
  if (value === "") return [];
  return value
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((part) => {
      const n = Number(part);
      if (!Number.isFinite(n))
        throw new ChallengeError(400, "invalid_form", `${field}: "${part}" is not a number`, [
          { path: field, message: `"${part}" is not a number` },
        ]);
      return n;
    });
}

/** `<input type="datetime-local">` values are read as UTC (the form says so). */
export function utcFromLocalInput(value: string): string {
  return /T\d\d:\d\d$/.test(value) ? `${value}:00Z` : /T\d\d:\d\d:\d\d$/.test(value) ? `${value}Z` : value;
}

export function toLocalInput(date: Date): string {
  return date.toISOString().slice(0, 16);
}

/** "name: min, max" per line. */
function areaRangeLines(value: string) {
  return value
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line, i) => {
      const match = /^([^:]+):\s*(.+)$/.exec(line);
      if (!match)
        throw new ChallengeError(400, "invalid_form", `area ranges line ${i + 1}: write "name: min, max", e.g. "small: 0, 1024"`, [
          { path: "areaRanges", message: `line ${i + 1} malformed` },
        ]);
      const range = numberList(match[2], "areaRanges");
      return { name: match[1].trim(), range };
    });
}

/** A number field, or undefined when left empty. */
function optionalNumber(form: Form, name: string, field: string): number | undefined {
  const value = text(form, name);
  return value === "" ? undefined : numberList(value, field)[0];
}

export function protocolInputFromForm(form: Form) {
  const metric = text(form, "metric") || "coco";
  // Fixed AP is boundary IoU whatever the IoU type select says.
  const iouType = metric === "lvis-fixed" ? "boundary" : text(form, "iouType") || "segm";
  const miou = form.get("miou") === "on" ? { scoreThreshold: optionalNumber(form, "miouScoreThreshold", "miou.scoreThreshold") } : null;
  const common = {
    metric,
    iouType,
    // The width is asked for boundary IoU only; other IoU types keep the default.
    dilationRatio: iouType === "boundary" ? optionalNumber(form, "dilationRatio", "dilationRatio") : undefined,
    primaryMetric: text(form, "primaryMetric") || "AP",
    statistics: {
      replicates: Number(text(form, "replicates") || "1000"),
      level: Number(text(form, "ciLevel") || "0.95"),
      seed: text(form, "bootstrapSeed") === "" ? null : Number(text(form, "bootstrapSeed")),
      ranking: text(form, "ranking") || "point",
      ladder: form.get("ladder") === "on" ? "on" : "off",
    },
    miou,
  };
  // The LVIS families fix thresholds, maxDets, area ranges and averaging: the form's COCO fields do not apply.
  if (metric === "lvis" || metric === "lvis-fixed") return common;
  const preset = text(form, "iouPreset") || "coco";
  const iouThresholds =
    preset === "custom" ? numberList(text(form, "iouCustom"), "iouThresholds") : [...IOU_PRESETS[preset as IouPreset].thresholds];
  const areaRanges = text(form, "areaPreset") === "custom" ? areaRangeLines(text(form, "areaCustom")) : COCO_AREA_RANGES;
  return {
    ...common,
    iouThresholds,
    maxDets: numberList(text(form, "maxDets") || "1, 10, 100", "maxDets"),
    areaRanges,
    classAveraging: text(form, "classAveraging") || "macro",
  };
}

export function splitInputFromForm(form: Form) {
  if (text(form, "splitMode") === "LIST") return { publicImageIds: numberList(text(form, "publicImageIds"), "publicImageIds") };
  return { publicPercent: Number(text(form, "publicPercent")), seed: Number(text(form, "seed") || "1") };
}

export function phaseInputFromForm(form: Form) {
  const int = (name: string) => (text(form, name) === "" ? undefined : Number(text(form, name)));
  const mib = int("maxUploadMiB");
  return {
    slug: text(form, "slug") || undefined,
    name: text(form, "name"),
    startsAt: utcFromLocalInput(text(form, "startsAt")),
    endsAt: utcFromLocalInput(text(form, "endsAt")),
    maxSubmissionsPerDay: int("maxSubmissionsPerDay"),
    maxSubmissionsTotal: int("maxSubmissionsTotal"),
    maxConcurrent: int("maxConcurrent"),
    maxFinalSelections: int("maxFinalSelections"),
    maxUploadBytes: mib === undefined ? undefined : mib * 1024 * 1024,
    leaderboardVisibility: text(form, "leaderboardVisibility") || undefined,
    autoReleasePrivate: form.get("autoReleasePrivate") === "on",
    allowLateSubmissions: form.get("allowLateSubmissions") === "on",
  };
}

export function challengeInputFromForm(form: Form) {
  return {
    slug: text(form, "slug"),
    title: text(form, "title"),
    summary: text(form, "summary"),
    description: formText(form, "description"),
    rules: formText(form, "rules"),
    ...(text(form, "status") ? { status: text(form, "status") } : {}),
    publicSubmissionPages: form.get("publicSubmissionPages") === "on",
  };
}
