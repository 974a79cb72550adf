// Seeds a published challenge with N teams x M submissions x K classes of scores, generated inside
// Postgres (INSERT ... SELECT generate_series) so a million ClassScore rows take seconds, not minutes.
// Used by the leaderboard bench and for eyeballing the pages in development.
import { COCO_AREA_RANGES, DEFAULT_MAX_DETS } from "@/lib/challenges/protocol";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { COCO_CATEGORY_NAMES } from "../synth/coco-categories";

export interface BenchSeedOptions {
  slug: string;
  teams: number;
  submissionsPerTeam: number;
  classes: number;
  /** Store PR curves for every class score (realistic but large); the bench leaves them out. */
  withCurves: boolean;
  privateReleased?: boolean;
}

export async function seedBenchChallenge(prisma: PrismaClient, o: BenchSeedOptions): Promise<{ challengeId: string; phaseId: string }> {
  const existing = await prisma.challenge.findUnique({ where: { slug: o.slug }, select: { id: true } });
  if (existing) await prisma.challenge.delete({ where: { id: existing.id } });
  const day = 86_400_000;
  const challenge = await prisma.challenge.create({
    data: {
      slug: o.slug,
      title: `Bench: ${o.teams} teams x ${o.classes} classes`,
      summary: "Generated scores for measuring leaderboard speed.",
      description:
        "## Generated challenge\n\nScores are random; **do not** read anything into them.\n\n| split | images |\n|---|---|\n| public | 50% |\n| private | 50% |",
      rules: "- One team per person\n- Five submissions a day",
      status: "PUBLISHED",
      phases: {
        create: {
          slug: "test",
          name: "Test",
          startsAt: new Date(Date.now() - 30 * day),
          endsAt: new Date(Date.now() + 30 * day),
          privateReleased: o.privateReleased ?? false,
        },
      },
    },
    select: { id: true, phases: { select: { id: true } } },
  });
  const phaseId = challenge.phases[0].id;
  await prisma.evalConfig.create({
    data: {
      phaseId,
      version: 1,
      iouThresholds: Array.from({ length: 10 }, (_, i) => Number((0.5 + 0.05 * i).toFixed(2))),
      areaRanges: COCO_AREA_RANGES,
      maxDets: DEFAULT_MAX_DETS,
    },
  });
  const gt = await prisma.groundTruth.create({
    data: {
      phaseId,
      storageKey: "bench",
      sha256: "0".repeat(64),
      byteSize: 1n,
      numImages: 1000,
      numInstances: o.classes * 100,
      categories: {
        create: Array.from({ length: o.classes }, (_, i) => ({
          cocoId: i + 1,
          name: COCO_CATEGORY_NAMES[i] ?? `class ${i + 1}`,
          // The last class has no ground truth in the public split: its column must show "—".
          publicCount: i === o.classes - 1 ? 0 : 50,
          privateCount: 50,
          instanceCount: 100,
        })),
      },
      images: {
        create: [
          { imageId: 1, split: "PUBLIC" },
          { imageId: 2, split: "PRIVATE" },
        ],
      },
    },
    select: { id: true },
  });
  const tag = o.slug.replace(/[^a-z0-9]/gi, "").slice(0, 12);
  // Teams outlive challenges (no cascade): clear the ones a previous seed of this slug created.
  await prisma.$executeRawUnsafe(`DELETE FROM "Team" WHERE id LIKE $1`, `${tag}\\_t%`);
  await prisma.$executeRawUnsafe(`SELECT setseed(0.42)`);
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Team" (id, slug, name) SELECT '${tag}_t' || g, '${tag}-team-' || g, 'Team ' || lpad(g::text, 4, '0') FROM generate_series(1, $1) g`,
    o.teams,
  );
  await prisma.$executeRawUnsafe(
    `INSERT INTO "ChallengeParticipant" (id, "challengeId", "teamId") SELECT '${tag}_p' || g, $1, '${tag}_t' || g FROM generate_series(1, $2) g`,
    challenge.id,
    o.teams,
  );
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Submission" (id, "phaseId", "teamId", "originalFilename", "storageKey", sha256, "byteSize", status, "evalConfigVersion", "evaluatorVersion", "createdAt", "finishedAt", progress)
     SELECT '${tag}_s' || t || '_' || k, $1, '${tag}_t' || t, 'results.json', 'bench', repeat('0', 64), 1000, 'FINISHED', 1, 'bench',
            now() - ((t * 7 + k * 13) % 1000) * interval '1 minute', now(), 1
     FROM generate_series(1, $2) t, generate_series(1, $3) k`,
    phaseId,
    o.teams,
    o.submissionsPerTeam,
  );
  // A team's skill plus noise per submission; splits differ a little so private moves are non-trivial.
  await prisma.$executeRawUnsafe(
    `INSERT INTO "Score" (id, "submissionId", split, ap, ap50, ap75, "apSmall", "apMedium", "apLarge", ar1, ar10, ar100, "arSmall", "arMedium", "arLarge", "primary", metrics, "evalConfigVersion")
     SELECT s.id || '_' || sp, s.id, sp::"Split", v.ap, least(1, v.ap * 1.5), v.ap * 0.9, v.ap * 0.5, v.ap * 1.05, least(1, v.ap * 1.3),
            v.ap * 0.6, v.ap * 1.1, least(1, v.ap * 1.2), v.ap * 0.7, least(1, v.ap * 1.25), least(1, v.ap * 1.4), v.ap, '{}'::jsonb, 1
     FROM "Submission" s
     CROSS JOIN (VALUES ('PUBLIC'), ('PRIVATE')) AS x(sp)
     CROSS JOIN LATERAL (SELECT round((0.15 + 0.5 * random())::numeric, 6)::float8 AS ap) v
     WHERE s."phaseId" = $1`,
    phaseId,
  );
  const curves = o.withCurves
    ? `jsonb_build_object('recall', (SELECT jsonb_agg(r / 100.0) FROM generate_series(0, 100) r),
         'iou50', (SELECT jsonb_agg(greatest(0, 1 - (r / 100.0) ^ 2 * (1 - sc.ap))) FROM generate_series(0, 100) r),
         'iou75', (SELECT jsonb_agg(CASE WHEN r > 90 THEN -1 ELSE greatest(0, 1 - (r / 100.0) * (1 - sc.ap) * 1.5) END) FROM generate_series(0, 100) r),
         'mean', (SELECT jsonb_agg(greatest(0, 0.95 - (r / 100.0) * (1 - sc.ap))) FROM generate_series(0, 100) r))`
    : "NULL::jsonb";
  await prisma.$executeRawUnsafe(
    `INSERT INTO "ClassScore" ("submissionId", split, "categoryId", ap, ap50, ap75, "apSmall", "apMedium", "apLarge", ar1, ar10, ar100, "arSmall", "arMedium", "arLarge", "numGt", "numDt", "prCurves")
     SELECT sc."submissionId", sc.split, c.id,
            CASE WHEN g.n = 0 THEN -1 ELSE sc.ap END, CASE WHEN g.n = 0 THEN -1 ELSE least(1, sc.ap * 1.4) END, CASE WHEN g.n = 0 THEN -1 ELSE sc.ap * 0.9 END,
            -1, -1, -1, -1, -1, CASE WHEN g.n = 0 THEN -1 ELSE least(1, sc.ap * 1.2) END, -1, -1, -1, g.n, 40,
            CASE WHEN g.n = 0 THEN NULL ELSE ${curves} END
     FROM (
       SELECT s."submissionId", s.split, c.id AS cid,
              round(least(1, greatest(0, s.ap + (random() - 0.5) * 0.4 - (c."cocoId" % 7) * 0.03))::numeric, 6)::float8 AS ap
       FROM "Score" s JOIN "Submission" sub ON sub.id = s."submissionId"
       CROSS JOIN "Category" c
       WHERE sub."phaseId" = $1 AND c."groundTruthId" = $2
     ) sc
     JOIN "Category" c ON c.id = sc.cid
     CROSS JOIN LATERAL (SELECT CASE WHEN sc.split = 'PUBLIC' THEN c."publicCount" ELSE c."privateCount" END AS n) g`,
    phaseId,
    gt.id,
  );
  await prisma.$executeRawUnsafe(`ANALYZE "Submission"; `);
  await prisma.$executeRawUnsafe(`ANALYZE "Score"`);
  await prisma.$executeRawUnsafe(`ANALYZE "ClassScore"`);
  return { challengeId: challenge.id, phaseId };
}
