// Dense binary masks <-> RLE (maskApi rleEncode/rleDecode). Masks are column-major Uint8Arrays of h*w pixels.
import { assertRleCoversImage, type Rle } from "./rle";

/** Any non-zero byte is foreground (pycocotools expects 0/1 masks). */
export function encodeMask(mask: Uint8Array, h: number, w: number): Rle {
  const area = h * w;
  if (mask.length !== area) {
    throw new RangeError(`encodeMask: mask has ${mask.length} pixels but h*w = ${h}*${w} = ${area}`);
  }
  const runs: number[] = [];
  let previous = 0;
  let run = 0;
  for (let j = 0; j < area; j++) {
    const value = mask[j] === 0 ? 0 : 1;
    if (value !== previous) {
      runs.push(run);
      run = 0;
      previous = value;
    }
    run++;
  }
  runs.push(run);
  return { h, w, counts: Uint32Array.from(runs) };
}

export function decodeMask(rle: Rle): Uint8Array {
  assertRleCoversImage(rle, "decodeMask");
  const mask = new Uint8Array(rle.h * rle.w);
  let position = 0;
  const { counts } = rle;
  for (let j = 0; j < counts.length; j++) {
    if (j & 1) mask.fill(1, position, position + counts[j]);
    position += counts[j];
  }
  return mask;
}
