import "server-only";
import { prisma } from "@/lib/db";
import { evalConfigVersionStatus } from "./eval-config";
import { describeAudit, type TargetNames } from "./audit-view";
import { EVALUATIONS_QUEUE, type EvaluationQueueName } from "@/lib/queue";
import { queueOverview, type QueueOverview } from "@/lib/scheduling/position";

/** Names for the audit log's targets: phases, teams, submissions, users and the challenge itself. */
async function auditTargetNames(challenge: { id: string; title: string }, targets: { targetType: string; targetId: string | null }[]) {
  const ids = (type: string) => [...new Set(targets.filter((t) => t.targetType === type && t.targetId).map((t) => t.targetId!))];
  const [phases, teams, submissions, users] = await Promise.all([
    prisma.phase.findMany({ where: { id: { in: ids("Phase") } }, select: { id: true, name: true } }),
    prisma.team.findMany({ where: { id: { in: ids("Team") } }, select: { id: true, name: true } }),
    prisma.submission.findMany({
      where: { id: { in: ids("Submission") } },
      select: {
        id: true,
        createdAt: true,
        isBaseline: true,
        description: true,
        team: { select: { name: true } },
        phase: { select: { name: true } },
      },
    }),
    prisma.user.findMany({ where: { id: { in: ids("User") } }, select: { id: true, name: true, email: true } }),
  ]);
  const names: TargetNames = new Map([[challenge.id, challenge.title]]);
  for (const p of phases) names.set(p.id, `phase ${p.name}`);
  for (const t of teams) names.set(t.id, `team ${t.name}`);
  for (const s of submissions) {
    const who = s.team?.name ?? (s.isBaseline ? `baseline ${s.description}`.trim() : "organizer test entry");
    names.set(s.id, `${who}, ${s.createdAt.toISOString().slice(0, 16).replace("T", " ")} (${s.phase.name})`);
  }
  for (const u of users) names.set(u.id, u.name ? `${u.name} (${u.email})` : u.email);
  return names;
}

const DAYS = 30;

export type DayCount = { day: string; count: number };

/** Submissions per UTC day over the last 30 days, zero days included (a chart without gaps). */
async function submissionsPerDay(phaseIds: string[], now: Date): Promise<DayCount[]> {
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (DAYS - 1)));
  const rows = phaseIds.length
    ? await prisma.submission.findMany({ where: { phaseId: { in: phaseIds }, createdAt: { gte: since } }, select: { createdAt: true } })
    : [];
  const counts = new Map<string, number>();
  for (const r of rows) {
    const day = r.createdAt.toISOString().slice(0, 10);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return Array.from({ length: DAYS }, (_, i) => {
    const day = new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    return { day, count: counts.get(day) ?? 0 };
  });
}

/** What the dashboard calls each evaluation queue (lib/scheduling/policy.ts decides which file goes where). */
const QUEUE_LABELS: Record<EvaluationQueueName, string> = {
  evaluations: "Small files",
  "evaluations-large": "Large files and shards",
};

export type LiveWorker = {
  workerId: string;
  hostname: string;
  pid: number;
  /** Slots per queue. */
  slots: { queue: EvaluationQueueName; label: string; slots: number }[];
  /** Jobs running now (all challenges), and the ids of this challenge's submissions among them. */
  running: number;
  runningHere: string[];
  rssMiB: number | null;
  startedAt: Date;
  /** When the heartbeat was written, and how many seconds before the page was rendered. */
  lastBeatAt: Date;
  lastBeatSecondsAgo: number;
};

/**
 * The live part of the dashboard: each evaluation queue's BullMQ counts and every worker whose
 * heartbeat has not expired. Job ids of other challenges are not shown (only how many run); a shard
 * job counts for its submission.
 */
async function liveView(overview: QueueOverview, phaseIds: string[], now: Date) {
  const submissionOf = (jobId: string) => jobId.split("-shard-")[0];
  const runningIds = [...new Set(overview.workers.flatMap((w) => (w.running ?? []).map((r) => submissionOf(r.id))))];
  const here = new Set(
    runningIds.length && phaseIds.length
      ? (await prisma.submission.findMany({ where: { id: { in: runningIds }, phaseId: { in: phaseIds } }, select: { id: true } })).map(
          (s) => s.id,
        )
      : [],
  );
  const workers: LiveWorker[] = overview.workers.map((w) => {
    const slots = w.queues ?? { [EVALUATIONS_QUEUE]: w.concurrency };
    const running = w.running ?? [];
    return {
      workerId: w.workerId,
      hostname: w.hostname,
      pid: w.pid,
      slots: Object.entries(slots)
        .filter((e): e is [EvaluationQueueName, number] => e[0] in QUEUE_LABELS)
        .map(([queue, n]) => ({ queue, label: QUEUE_LABELS[queue], slots: n })),
      running: running.length,
      runningHere: [...new Set(running.map((r) => submissionOf(r.id)).filter((id) => here.has(id)))],
      rssMiB: w.rssMiB ?? null,
      startedAt: new Date(w.startedAt),
      lastBeatAt: new Date(w.at),
      lastBeatSecondsAgo: Math.max(0, Math.round((now.getTime() - new Date(w.at).getTime()) / 1000)),
    };
  });
  const queues = overview.queues.map((q) => ({ ...q, label: QUEUE_LABELS[q.name] }));
  return {
    queues,
    /** Jobs waiting or running in any queue (the page then refreshes itself). */
    busy: queues.some((q) => q.counts !== null && q.counts.waiting + q.counts.active > 0),
    workers,
  };
}

/** Everything the organizer dashboard shows about a challenge, in one read. */
export async function loadDashboard(challengeId: string, now = new Date()) {
  const challenge = await prisma.challenge.findUniqueOrThrow({
    where: { id: challengeId },
    include: {
      organizers: { include: { user: { select: { email: true, name: true } } }, orderBy: { addedAt: "asc" } },
      phases: {
        orderBy: { position: "asc" },
        include: { groundTruth: { select: { numImages: true, numInstances: true, sha256: true, uploadedAt: true } } },
      },
    },
  });
  const phaseIds = challenge.phases.map((p) => p.id);
  const inChallenge = { phaseId: { in: phaseIds } };

  const [perDay, statusCounts, oldestWaiting, failures, recent, participants, audit, versions, overview] = await Promise.all([
    submissionsPerDay(phaseIds, now),
    prisma.submission.groupBy({ by: ["status"], where: inChallenge, _count: { _all: true } }),
    prisma.submission.findFirst({
      where: { ...inChallenge, status: "QUEUED" },
      orderBy: { createdAt: "asc" },
      select: { id: true, createdAt: true },
    }),
    prisma.submission.findMany({
      where: { ...inChallenge, status: "FAILED" },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: {
        id: true,
        createdAt: true,
        errorCode: true,
        errorMessage: true,
        originalFilename: true,
        team: { select: { name: true } },
        phase: { select: { slug: true } },
      },
    }),
    prisma.submission.findMany({
      where: inChallenge,
      orderBy: { createdAt: "desc" },
      take: 50,
      select: {
        id: true,
        createdAt: true,
        status: true,
        progress: true,
        isBaseline: true,
        isLate: true,
        description: true,
        countsTowardQuota: true,
        errorCode: true,
        evalConfigVersion: true,
        originalFilename: true,
        team: { select: { id: true, name: true } },
        phase: { select: { slug: true } },
        scores: { where: { split: "PUBLIC" }, select: { primary: true } },
      },
    }),
    prisma.challengeParticipant.findMany({
      where: { challengeId },
      orderBy: { registeredAt: "asc" },
      include: {
        team: { select: { id: true, slug: true, name: true, _count: { select: { submissions: { where: inChallenge } } } } },
        members: { include: { user: { select: { email: true, name: true } } } },
      },
    }),
    prisma.auditEvent.findMany({
      where: { challengeId },
      orderBy: { at: "desc" },
      take: 100,
      include: { actor: { select: { email: true, name: true } } },
    }),
    Promise.all(challenge.phases.map(async (p) => ({ phaseId: p.id, ...(await evalConfigVersionStatus(p.id)) }))),
    queueOverview(),
  ]);
  const targetNames = await auditTargetNames(challenge, audit);

  const count = (status: string) => statusCounts.find((s) => s.status === status)?._count._all ?? 0;
  return {
    challenge,
    submissionsPerDay: perDay,
    queue: {
      waiting: count("QUEUED"),
      running: count("RUNNING"),
      failed: count("FAILED"),
      finished: count("FINISHED"),
      cancelled: count("CANCELLED"),
      oldestWaitingAt: oldestWaiting?.createdAt ?? null,
    },
    failures,
    recent,
    teams: participants.map((p) => ({
      teamId: p.team.id,
      slug: p.team.slug,
      name: p.team.name,
      registeredAt: p.registeredAt,
      disqualifiedAt: p.disqualifiedAt,
      disqualifyReason: p.disqualifyReason,
      quotaResetAt: p.quotaResetAt,
      submissions: p.team._count.submissions,
      members: p.members.map((m) => ({ email: m.user.email, name: m.user.name })),
    })),
    /** BullMQ's own counts per queue (all challenges; null: Redis does not answer) and the live workers. */
    live: await liveView(overview, phaseIds, now),
    audit: describeAudit(audit, targetNames),
    versions,
  };
}
export type Dashboard = Awaited<ReturnType<typeof loadDashboard>>;
