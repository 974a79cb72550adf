import "server-only";
import { prisma } from "@/lib/db";
import { evalConfigVersionStatus } from "./eval-config";
import { describeAudit, type TargetNames } from "./audit-view";
import { getQueueCounts } from "@/lib/queue";

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

  const [perDay, statusCounts, oldestWaiting, failures, recent, participants, audit, versions, liveQueue] = await Promise.all([
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
    getQueueCounts(),
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
    /** BullMQ's own counts (all challenges), null when Redis does not answer. */
    liveQueue,
    audit: describeAudit(audit, targetNames),
    versions,
  };
}
export type Dashboard = Awaited<ReturnType<typeof loadDashboard>>;
