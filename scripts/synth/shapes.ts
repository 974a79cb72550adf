import type { Random } from "./random";

/** COCO's size buckets by area; the generator draws object areas from them. */
export type SizeClass = "small" | "medium" | "large";
export const AREA_RANGE: Record<SizeClass, [number, number]> = {
  small: [60, 32 ** 2],
  medium: [32 ** 2, 96 ** 2],
  large: [96 ** 2, 260 ** 2],
};

export type Blob = { cx: number; cy: number; radius: number; aspect: number; angle: number; wobble: number[] };

/** A random star-shaped object of roughly `area` pixels centred in the image (before clipping). */
export function randomBlob(random: Random, width: number, height: number, area: number): Blob {
  const aspect = random.uniform(0.5, 2);
  const radius = Math.sqrt(area / Math.PI);
  const vertices = random.int(7, 16);
  return {
    cx: random.uniform(0.05, 0.95) * width,
    cy: random.uniform(0.05, 0.95) * height,
    radius,
    aspect,
    angle: random.uniform(0, Math.PI),
    wobble: Array.from({ length: vertices }, () => random.uniform(0.75, 1.2)),
  };
}

/** The blob as a COCO polygon [x1, y1, ...], clipped to the image (coordinates within [0, size]). */
export function blobPolygon(blob: Blob, width: number, height: number): number[] {
  const n = blob.wobble.length;
  const sx = blob.radius * Math.sqrt(blob.aspect);
  const sy = blob.radius / Math.sqrt(blob.aspect);
  const cos = Math.cos(blob.angle);
  const sin = Math.sin(blob.angle);
  const xy: number[] = [];
  for (let k = 0; k < n; k++) {
    const t = (2 * Math.PI * k) / n;
    const px = Math.cos(t) * sx * blob.wobble[k];
    const py = Math.sin(t) * sy * blob.wobble[k];
    xy.push(round2(clamp(blob.cx + px * cos - py * sin, 0, width)), round2(clamp(blob.cy + px * sin + py * cos, 0, height)));
  }
  return xy;
}

/** A detector's imperfect copy: shifted, rescaled and with every vertex moved. `noise` ~ 0..1. */
export function jitterBlob(random: Random, blob: Blob, noise: number): Blob {
  const shift = noise * blob.radius * 0.35;
  return {
    cx: blob.cx + random.normal(0, shift),
    cy: blob.cy + random.normal(0, shift),
    radius: blob.radius * Math.exp(random.normal(0, noise * 0.25)),
    aspect: blob.aspect * Math.exp(random.normal(0, noise * 0.2)),
    angle: blob.angle + random.normal(0, noise * 0.2),
    wobble: blob.wobble.map((w) => w * Math.exp(random.normal(0, noise * 0.15))),
  };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
