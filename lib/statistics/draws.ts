import type { Multiplicities } from "@/lib/eval/bootstrap";
import { mulberry32 } from "@/lib/seeded-random";

/**
 * The bootstrap draws of a split of n images (docs/statistics.md): replicate b = 0 .. B - 1 takes n
 * numbers u from one mulberry32(seed) stream, in order, and counts image floor(u * n) once per draw —
 * images indexed by ascending id. The same (seed, n, B) gives the same draws everywhere, which is what
 * makes two submissions' replicates paired.
 */
export function drawMultiplicities(images: number, replicates: number, seed: number): Multiplicities {
  if (!Number.isInteger(images) || images < 1) throw new RangeError(`a bootstrap needs at least one image, got ${images}`);
  if (!Number.isInteger(replicates) || replicates < 1) throw new RangeError(`replicates must be a positive integer, got ${replicates}`);
  const counts = new Uint16Array(replicates * images);
  const random = mulberry32(seed);
  for (let b = 0; b < replicates; b++) {
    const row = b * images;
    for (let i = 0; i < images; i++) {
      const at = row + Math.floor(random() * images);
      // An image drawn 65,536 times in one replicate needs n >= 65,536 and odds far below 1e-300.
      if (counts[at] === 0xffff) throw new RangeError("an image was drawn more than 65,535 times in one replicate");
      counts[at]++;
    }
  }
  return { replicates, images, counts };
}
