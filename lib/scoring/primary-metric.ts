import { STAT_NAMES, type EvalResult } from "@/lib/eval";

/** The value a config's primary metric takes for one split's result (-1 where undefined, as COCO). */
export function primaryValue(primaryMetric: string, result: EvalResult): number {
  const classMatch = /^class:(-?\d+)$/.exec(primaryMetric);
  if (classMatch) {
    const cocoId = Number(classMatch[1]);
    return result.perClass.find((c) => c.categoryId === cocoId)?.ap ?? -1;
  }
  const index = (STAT_NAMES as readonly string[]).indexOf(primaryMetric);
  if (index < 0) throw new Error(`Unknown primary metric "${primaryMetric}": expected one of ${STAT_NAMES.join(", ")} or class:<cocoId>`);
  return result.stats[index];
}
