// Mask area (maskApi rleArea): the sum of the foreground (odd-indexed) runs.
import type { Rle } from "./rle";

export function rleArea(rle: Rle): number {
  const counts = rle.counts;
  let area = 0;
  for (let j = 1; j < counts.length; j += 2) area += counts[j];
  return area;
}
