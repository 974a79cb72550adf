// npm run bench:coverage — the coverage of the bootstrap's 95% percentile intervals on synthetic data
// whose true AP is known (scripts/lib/coverage-experiment.ts). Options: --trials --images --replicates.
import { parseArgs } from "node:util";
import { coverageExperiment } from "../lib/coverage-experiment";

const { values } = parseArgs({
  options: {
    trials: { type: "string", default: "400" },
    images: { type: "string", default: "300" },
    population: { type: "string", default: "60000" },
    replicates: { type: "string", default: "1000" },
    seed: { type: "string", default: "1" },
  },
});
const names = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"];
const stats = [0, 1, 2, 8];
const started = performance.now();
const r = coverageExperiment({
  trials: Number(values.trials),
  images: Number(values.images),
  populationImages: Number(values.population),
  replicates: Number(values.replicates),
  level: 0.95,
  stats,
  seed: Number(values.seed),
});
// A binomial share over `trials` has standard error sqrt(p (1 - p) / trials).
const se = Math.sqrt((0.95 * 0.05) / r.trials);
console.log(`${r.trials} test sets of ${values.images} images, B = ${values.replicates}, truth from ${values.population} images`);
stats.forEach((s, i) => {
  const share = r.covered[i] / r.trials;
  console.log(
    `${names[s].padEnd(5)} truth ${r.truth[i].toFixed(4)}  coverage ${(100 * share).toFixed(1)}% (95% expected, +-${(100 * 2 * se).toFixed(1)} at 2 SE)  mean width ${r.meanWidth[i].toFixed(4)}  mean point - truth ${r.meanBias[i].toFixed(4)}`,
  );
});
console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
