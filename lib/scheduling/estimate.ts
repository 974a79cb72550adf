// When will a waiting submission start? A small list-scheduling simulation over the worker slots that
// serve its queue, with durations from a linear model (seconds = a + b * bytes) fitted to the recent
// evaluations. Pure: position.ts feeds it from Redis and Postgres.

export type DurationModel = { fixedSeconds: number; secondsPerByte: number; samples: number };

/** Before any evaluation finished: measured on the 5,000-image case (docs/scaling.md), rounded up. */
export const DEFAULT_DURATION_MODEL: DurationModel = { fixedSeconds: 3, secondsPerByte: 1 / (4 * 1024 * 1024), samples: 0 };

export function expectedSeconds(model: DurationModel, byteSize: number): number {
  return model.fixedSeconds + model.secondsPerByte * byteSize;
}

/** Least squares of seconds on bytes; coefficients kept >= 0 and the default used below 3 samples. */
export function fitDurationModel(runs: readonly { byteSize: number; seconds: number }[]): DurationModel {
  const n = runs.length;
  if (n < 3) return DEFAULT_DURATION_MODEL;
  let sx = 0,
    sy = 0;
  for (const r of runs) {
    sx += r.byteSize;
    sy += r.seconds;
  }
  const mx = sx / n,
    my = sy / n;
  let sxx = 0,
    sxy = 0;
  for (const r of runs) {
    sxx += (r.byteSize - mx) ** 2;
    sxy += (r.byteSize - mx) * (r.seconds - my);
  }
  let b = sxx > 0 ? sxy / sxx : 0;
  if (!(b > 0)) b = mx > 0 ? my / mx / 2 : DEFAULT_DURATION_MODEL.secondsPerByte; // all the same size: split the mean
  let a = my - b * mx;
  if (a < 0) {
    a = 0;
    b = mx > 0 ? my / mx : b;
  }
  return { fixedSeconds: a, secondsPerByte: b, samples: n };
}

/**
 * Seconds until a job starts: `slots` workers, the running jobs' remaining seconds, then the jobs
 * ahead in queue order, each to the slot that frees first. Null without slots (no worker serves the queue).
 */
export function secondsUntilStart(slots: number, runningRemaining: readonly number[], aheadSeconds: readonly number[]): number | null {
  if (slots <= 0) return null;
  const free = new Array<number>(slots).fill(0);
  const assign = (seconds: number) => {
    let best = 0;
    for (let s = 1; s < slots; s++) if (free[s] < free[best]) best = s;
    free[best] += Math.max(0, seconds);
  };
  // Running jobs occupy the slots first (more running than slots: a worker just left; queue them too).
  for (const r of [...runningRemaining].sort((x, y) => x - y)) assign(r);
  for (const s of aheadSeconds) assign(s);
  return Math.min(...free);
}
