// The bootstrap's coverage experiment: does the 95% percentile interval computed on one test set
// contain the true AP in about 95% of test sets? The "truth" is the AP of the same synthetic detector
// on a population far larger than a test set (its own sampling error is reported); each trial draws a
// fresh test set from the same generator, evaluates it, and bootstraps it.
import { defaultParams, evaluate, prepareGroundTruth } from "@/lib/eval";
import { evaluateForBootstrap, runReplicates } from "@/lib/eval/bootstrap";
import { column, percentileInterval } from "@/lib/eval/bootstrap/percentile";
import { drawMultiplicities } from "@/lib/statistics/draws";
import { boxCase, type BoxCaseSpec } from "../synth/boxes";

export interface CoverageOptions {
  trials: number;
  /** Images per test set. */
  images: number;
  /** Images of the population that defines the true AP. */
  populationImages: number;
  replicates: number;
  level: number;
  /** Which of the 12 stats (0 = AP). */
  stats: number[];
  seed: number;
}

export interface CoverageResult {
  truth: number[];
  covered: number[];
  trials: number;
  /** Mean interval width and mean (point - truth) per stat. */
  meanWidth: number[];
  meanBias: number[];
}

const detector = (seed: number, images: number, firstImageId: number): BoxCaseSpec => ({
  seed,
  images,
  firstImageId,
  categories: 4,
  gtPerImage: 3,
  crowd: 0.03,
  recall: 0.75,
  falsePositives: 2,
  informativeScores: true,
  jitter: 0.08,
});

export function coverageExperiment(o: CoverageOptions): CoverageResult {
  const params = defaultParams("bbox");
  const population = boxCase(detector(o.seed, o.populationImages, 1));
  const truthStats = evaluate(population.gt, population.dt, params).stats;
  const truth = o.stats.map((s) => truthStats[s]);
  const covered = o.stats.map(() => 0);
  const width = o.stats.map(() => 0);
  const bias = o.stats.map(() => 0);
  for (let trial = 0; trial < o.trials; trial++) {
    const sample = boxCase(detector(o.seed + 1 + trial, o.images, 1));
    const { result, cache } = evaluateForBootstrap(prepareGroundTruth(sample.gt, "bbox"), sample.dt, params);
    const draws = drawMultiplicities(cache.imageIds.length, o.replicates, o.seed + 100_000 + trial);
    const { stats } = runReplicates(cache, draws, { parallel: false });
    o.stats.forEach((s, i) => {
      const ci = percentileInterval(column(stats, 12, s), o.level);
      if (ci && ci[0] <= truth[i] && truth[i] <= ci[1]) covered[i]++;
      if (ci) width[i] += ci[1] - ci[0];
      bias[i] += result.stats[s] - truth[i];
    });
  }
  return {
    truth,
    covered,
    trials: o.trials,
    meanWidth: width.map((w) => w / o.trials),
    meanBias: bias.map((b) => b / o.trials),
  };
}
