// Leaderboard test data written straight into the tables the worker fills (Score, ClassScore),
// so tests control every number. Shared by the lib, API and browser tests of the leaderboard.
import { COCO_AREA_RANGES, DEFAULT_MAX_DETS } from "@/lib/challenges/protocol";
import { prisma } from "@/lib/db";
import { createChallenge, createTeam, createUser, uniqueSuffix, type TestUser } from "../../helpers/factories";
import { METRIC_KEYS, type MetricKey } from "@/lib/leaderboard/metrics";

export interface SeedCategory {
  cocoId: number;
  name: string;
  /** Ground-truth instances per split; 0 makes that class undefined (null) on that split. */
  publicCount?: number;
  privateCount?: number;
}

export interface SeededChallenge {
  id: string;
  slug: string;
  phaseId: string;
  phaseSlug: string;
  groundTruthId: string;
  categoryIds: Map<number, string>;
  organizer: TestUser;
  evalVersion: number;
}

export async function seedChallenge(
  opts: {
    status?: "DRAFT" | "PUBLISHED" | "ARCHIVED";
    categories?: SeedCategory[];
    primaryMetric?: string;
    leaderboardVisibility?: "PUBLIC" | "PARTICIPANTS" | "HIDDEN";
    privateReleased?: boolean;
    autoReleasePrivate?: boolean;
    startsAt?: Date;
    endsAt?: Date;
    maxFinalSelections?: number;
    publicSubmissionPages?: boolean;
    withPrivateSplit?: boolean;
    title?: string;
    description?: string;
  } = {},
): Promise<SeededChallenge> {
  const organizer = await createUser({ name: "Organizer" });
  const c = await createChallenge({
    status: opts.status ?? "PUBLISHED",
    organizer,
    title: opts.title,
    phase: {
      slug: "test",
      startsAt: opts.startsAt,
      endsAt: opts.endsAt,
      maxFinalSelections: opts.maxFinalSelections,
      leaderboardVisibility: opts.leaderboardVisibility,
      privateReleased: opts.privateReleased,
    },
  });
  await prisma.challenge.update({
    where: { id: c.id },
    data: {
      publicSubmissionPages: opts.publicSubmissionPages ?? true,
      description: opts.description ?? "",
      summary: "A seeded test challenge",
    },
  });
  await prisma.phase.update({ where: { id: c.phaseId }, data: { autoReleasePrivate: opts.autoReleasePrivate ?? false } });
  const categories = opts.categories ?? [
    { cocoId: 1, name: "person" },
    { cocoId: 3, name: "car" },
  ];
  const gt = await prisma.groundTruth.create({
    data: {
      phaseId: c.phaseId,
      storageKey: `seed-${uniqueSuffix()}`,
      sha256: "0".repeat(64),
      byteSize: 1n,
      numImages: 4,
      numInstances: 10,
      categories: {
        create: categories.map((k) => ({
          cocoId: k.cocoId,
          name: k.name,
          publicCount: k.publicCount ?? 5,
          privateCount: k.privateCount ?? 5,
          instanceCount: (k.publicCount ?? 5) + (k.privateCount ?? 5),
        })),
      },
      images: {
        create: [
          { imageId: 1, split: "PUBLIC" as const },
          { imageId: 2, split: "PUBLIC" as const },
          ...(opts.withPrivateSplit === false
            ? []
            : [
                { imageId: 3, split: "PRIVATE" as const },
                { imageId: 4, split: "PRIVATE" as const },
              ]),
        ],
      },
    },
    select: { id: true, categories: { select: { id: true, cocoId: true } } },
  });
  await prisma.evalConfig.create({
    data: {
      phaseId: c.phaseId,
      version: 1,
      iouThresholds: Array.from({ length: 10 }, (_, i) => 0.5 + 0.05 * i),
      areaRanges: COCO_AREA_RANGES,
      maxDets: DEFAULT_MAX_DETS,
      primaryMetric: opts.primaryMetric ?? "AP",
    },
  });
  return {
    ...c,
    groundTruthId: gt.id,
    categoryIds: new Map(gt.categories.map((k) => [k.cocoId, k.id])),
    organizer,
    evalVersion: 1,
  };
}

/** Makes a new protocol version current, as an organizer's config change does. */
export async function bumpEvalVersion(challenge: SeededChallenge): Promise<number> {
  const latest = await prisma.evalConfig.findFirstOrThrow({ where: { phaseId: challenge.phaseId }, orderBy: { version: "desc" } });
  const { id: _id, createdAt: _c, version, ...rest } = latest;
  await prisma.evalConfig.create({ data: { ...rest, areaRanges: rest.areaRanges as object, version: version + 1 } });
  challenge.evalVersion = version + 1;
  return version + 1;
}

export interface SeededTeam {
  id: string;
  name: string;
  slug: string;
  owner: TestUser;
  participantId: string;
}

export async function seedTeam(challenge: SeededChallenge, name?: string, opts: { disqualified?: boolean } = {}): Promise<SeededTeam> {
  const owner = await createUser();
  const team = await createTeam(owner, { name: name ?? `Team ${uniqueSuffix()}` });
  const participant = await prisma.challengeParticipant.create({
    data: {
      challengeId: challenge.id,
      teamId: team.id,
      disqualifiedAt: opts.disqualified ? new Date() : null,
      disqualifyReason: opts.disqualified ? "test" : null,
      members: { create: { userId: owner.id, teamId: team.id } },
    },
    select: { id: true },
  });
  return { ...team, owner, participantId: participant.id };
}

export interface SplitScoreSeed {
  primary: number;
  /** Summary metrics; any not given default to `primary` plus a small offset per metric. */
  metrics?: Partial<Record<MetricKey, number>>;
  /** AP per COCO category id; -1 (or a 0 ground-truth count) means undefined. Defaults to `primary`. */
  classes?: Record<number, number>;
}

export function metricsFor(seed: SplitScoreSeed): Record<MetricKey, number> {
  const out = {} as Record<MetricKey, number>;
  METRIC_KEYS.forEach((k, i) => {
    out[k] = seed.metrics?.[k] ?? Math.min(1, Math.round((seed.primary + i * 0.001) * 1e6) / 1e6);
  });
  return out;
}

const CURVE_RECALL = Array.from({ length: 101 }, (_, i) => i / 100);

export async function seedSubmission(
  challenge: SeededChallenge,
  opts: {
    team: SeededTeam | null;
    createdAt: Date;
    public: SplitScoreSeed;
    private?: SplitScoreSeed;
    isBaseline?: boolean;
    isLate?: boolean;
    description?: string;
    selectedForFinal?: boolean;
    status?: "QUEUED" | "RUNNING" | "FINISHED" | "FAILED";
    evalConfigVersion?: number;
    categories?: SeedCategory[];
  },
): Promise<string> {
  const version = opts.evalConfigVersion ?? challenge.evalVersion;
  const status = opts.status ?? "FINISHED";
  const sub = await prisma.submission.create({
    data: {
      phaseId: challenge.phaseId,
      teamId: opts.team?.id ?? null,
      userId: opts.team?.owner.id ?? challenge.organizer.id,
      originalFilename: "results.json",
      storageKey: `seed-${uniqueSuffix()}`,
      sha256: "0".repeat(64),
      byteSize: 10n,
      description: opts.description ?? "",
      isLate: opts.isLate ?? false,
      status,
      isBaseline: opts.isBaseline ?? false,
      selectedForFinal: opts.selectedForFinal ?? false,
      evalConfigVersion: status === "FINISHED" ? version : null,
      createdAt: opts.createdAt,
      finishedAt: status === "FINISHED" ? opts.createdAt : null,
    },
    select: { id: true },
  });
  if (status !== "FINISHED") return sub.id;
  for (const [split, seed] of [
    ["PUBLIC", opts.public],
    ["PRIVATE", opts.private],
  ] as const) {
    if (!seed) continue;
    const metrics = metricsFor(seed);
    await prisma.score.create({
      data: {
        submissionId: sub.id,
        split,
        ...metrics,
        primary: seed.primary,
        metrics: { stats: Object.values(metrics) },
        evalConfigVersion: version,
      },
    });
    const rows = [...challenge.categoryIds.entries()].map(([cocoId, categoryId]) => {
      const ap = seed.classes?.[cocoId] ?? seed.primary;
      const defined = ap >= 0;
      const cm = metricsFor({ primary: ap });
      return {
        submissionId: sub.id,
        split,
        categoryId,
        ...(defined ? cm : Object.fromEntries(METRIC_KEYS.map((k) => [k, -1]))),
        ap,
        numGt: defined ? 5 : 0,
        numDt: 7,
        prCurves: defined
          ? {
              recall: CURVE_RECALL,
              iou50: CURVE_RECALL.map((r) => Math.max(0, 1 - r * r * 0.5)),
              iou75: CURVE_RECALL.map((r) => (r > 0.8 ? -1 : 1 - r)),
              mean: CURVE_RECALL.map((r) => Math.max(0, 0.9 - r * 0.6)),
            }
          : undefined,
      };
    });
    await prisma.classScore.createMany({ data: rows as never });
  }
  return sub.id;
}

export function minutesAgo(n: number): Date {
  return new Date(Date.now() - n * 60_000);
}
