// Union / intersection of RLEs (maskApi rleMerge), folding the inputs left to right.
import { InvalidRleError, rleCountsSum, type Rle } from "./rle";

/**
 * Merges masks of one size. Like maskApi, a single input comes back with its counts untouched, and the
 * output may contain zero-length runs where an input had them (the run walk emits a run whenever the
 * merged value flips, even after an empty step); those bytes matter for bit-exact counts strings.
 */
export function rleMerge(rles: readonly Rle[], intersect: boolean): Rle {
  if (rles.length === 0) return { h: 0, w: 0, counts: new Uint32Array(0) };
  const { h, w } = rles[0];
  if (rles.length === 1) return { h, w, counts: rles[0].counts.slice() };
  const pixels = rleCountsSum(rles[0].counts);
  for (let i = 1; i < rles.length; i++) {
    const r = rles[i];
    if (r.h !== h || r.w !== w) {
      throw new InvalidRleError(`cannot merge masks of different sizes: [${h}, ${w}] and [${r.h}, ${r.w}] (part ${i})`);
    }
    if (rleCountsSum(r.counts) !== pixels) {
      throw new InvalidRleError(`cannot merge RLEs covering different pixel counts (part ${i})`);
    }
  }
  let merged = rles[0].counts;
  for (let i = 1; i < rles.length; i++) merged = mergeTwo(merged, rles[i].counts, intersect);
  return { h, w, counts: merged };
}

function mergeTwo(A: Uint32Array, B: Uint32Array, intersect: boolean): Uint32Array {
  // Each step consumes at least one run of A or B, so the output has at most A.length + B.length runs.
  const out = new Uint32Array(A.length + B.length + 1);
  let ca = A.length > 0 ? A[0] : 0;
  let cb = B.length > 0 ? B[0] : 0;
  let va = false;
  let vb = false;
  let v = false;
  let m = 0;
  let a = 1;
  let b = 1;
  let cc = 0;
  let remaining = 1;
  while (remaining > 0) {
    const c = ca < cb ? ca : cb;
    cc += c;
    remaining = 0;
    ca -= c;
    if (ca === 0 && a < A.length) {
      ca = A[a++];
      va = !va;
    }
    remaining += ca;
    cb -= c;
    if (cb === 0 && b < B.length) {
      cb = B[b++];
      vb = !vb;
    }
    remaining += cb;
    const previous: boolean = v;
    v = intersect ? va && vb : va || vb;
    if (v !== previous || remaining === 0) {
      out[m++] = cc;
      cc = 0;
    }
  }
  return out.slice(0, m);
}
