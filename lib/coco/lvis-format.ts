import "server-only";
import { describeValue, isFiniteNumber } from "./describe-value";
import { ProblemList } from "./errors";

/**
 * Whether a (COCO-valid) ground truth carries what LVIS federated evaluation reads: a `frequency`
 * ("r", "c" or "f") on every category, and on every image the lists `neg_category_ids` (verified
 * absent) and `not_exhaustive_category_ids` (not all instances annotated) of category ids. LVISEval
 * fails without them; ids that are not categories are allowed, as the reference never looks them up.
 */
export type LvisFormatSummary =
  | { valid: true; frequencies: { r: number; c: number; f: number } }
  | { valid: false; problems: number; firstProblems: { path: string; message: string }[] };

type Doc = { images: unknown[]; categories: unknown[] };

const FREQUENCY_HELP = 'LVIS needs "r" (rare: < 10 training images), "c" (common: 10-99) or "f" (frequent: >= 100) on every category';
const LIST_HELP = {
  neg_category_ids: "the categories verified absent from the image ([] if none)",
  not_exhaustive_category_ids: "the categories whose instances are not all annotated ([] if none)",
} as const;

/** Adds every LVIS-format problem of `doc` to `problems` (paths as in the file). */
export function addLvisFormatProblems(doc: Doc, problems: ProblemList): { r: number; c: number; f: number } {
  const frequencies = { r: 0, c: 0, f: 0 };
  doc.categories.forEach((cat, i) => {
    const c = cat as Record<string, unknown>;
    const at = `categories[${i}]`;
    const frequency = c.frequency;
    if (frequency === "r" || frequency === "c" || frequency === "f") frequencies[frequency]++;
    else
      problems.add(
        `${at}.frequency`,
        `${at}.frequency (category id ${String(c.id)}) is ${"frequency" in c ? describeValue(frequency) : "missing"}; ${FREQUENCY_HELP}`,
      );
  });
  doc.images.forEach((img, i) => {
    const image = img as Record<string, unknown>;
    for (const key of ["neg_category_ids", "not_exhaustive_category_ids"] as const) {
      const at = `images[${i}].${key}`;
      const value = image[key];
      if (!Array.isArray(value)) {
        problems.add(
          at,
          `${at} (image id ${String(image.id)}) is ${key in image ? describeValue(value) : "missing"}; LVIS lists per image ${LIST_HELP[key]}`,
        );
        continue;
      }
      const bad = value.findIndex((id) => !isFiniteNumber(id));
      if (bad >= 0)
        problems.add(
          `${at}[${bad}]`,
          `${at}[${bad}] (image id ${String(image.id)}) is ${describeValue(value[bad])}; the list holds category ids (numbers)`,
        );
    }
  });
  return frequencies;
}

/** The LVIS-format facts of a ground truth, for its stored summary (the protocol check reads them). */
export function summarizeLvisFormat(doc: Doc): LvisFormatSummary {
  const problems = new ProblemList(3);
  const frequencies = addLvisFormatProblems(doc, problems);
  return problems.total === 0 ? { valid: true, frequencies } : { valid: false, problems: problems.total, firstProblems: problems.problems };
}
