import "server-only";
import { NON_FINITE_MARK } from "./json-array-stream";

/** How a wrong JSON value reads in an error message: `NaN`, `the string "0.9"`, `null`, `a list`. */
export function describeValue(v: unknown): string {
  if (typeof v === "string") {
    if (v.startsWith(NON_FINITE_MARK)) return `${v.slice(NON_FINITE_MARK.length)} (not a number)`;
    return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "..." : v)}`;
  }
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return typeof v; // undefined, a function or a symbol: never in parsed JSON
}

/**
 * A list as it reads in an error message, e.g. `[1, 2, the string "3"]`: its first few elements,
 * each described without recursion (a nested list is "a list"), so any depth and size is safe.
 */
export function describeList(v: readonly unknown[], maxItems = 6): string {
  const items = v.slice(0, maxItems).map((x) => (typeof x === "number" ? String(x) : describeValue(x)));
  return `[${items.join(", ")}${v.length > maxItems ? `, ... (${v.length} items)` : ""}]`;
}

export function isFiniteNumber(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/** "1-90 except 12, 26, 29" or "1, 3, 7-9": a readable list of valid ids for error messages. */
export function formatIdSet(ids: Iterable<number>): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  if (sorted.length === 0) return "none";
  const allInts = sorted.every(Number.isInteger);
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  if (allInts && sorted.length > 4) {
    const missing: number[] = [];
    for (let v = lo, k = 0; v <= hi && missing.length <= 12; v++) {
      if (sorted[k] === v) k++;
      else missing.push(v);
    }
    if (missing.length <= 12) {
      return missing.length === 0 ? `${lo}-${hi}` : `${lo}-${hi} except ${missing.join(", ")}`;
    }
  }
  const runs: string[] = [];
  for (let i = 0; i < sorted.length && runs.length < 20;) {
    let j = i;
    while (allInts && j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    runs.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return runs.join(", ") + (runs.length === 20 ? ", ..." : "");
}
