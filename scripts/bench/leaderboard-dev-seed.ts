// `tsx --conditions=react-server scripts/bench/leaderboard-dev-seed.ts [slug] [teams] [subs] [classes]`:
// a small generated challenge (with PR curves) in DATABASE_URL, to look at the leaderboard pages.
import { prisma } from "@/lib/db";
import { seedBenchChallenge } from "./leaderboard-seed";

const [slug = "lb-dev", teams = "30", subs = "4", classes = "12"] = process.argv.slice(2);
const started = Date.now();
await seedBenchChallenge(prisma, {
  slug,
  teams: Number(teams),
  submissionsPerTeam: Number(subs),
  classes: Number(classes),
  withCurves: true,
});
console.log(`seeded ${slug} in ${Date.now() - started} ms`);
await prisma.$disconnect();
