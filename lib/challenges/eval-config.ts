import "server-only";
import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { protocolOfRow, rowDataOfProtocol, sameProtocol } from "./eval-params";
import { DEFAULT_PROTOCOL, type Protocol } from "./protocol";
import { assertProtocolFitsGroundTruth } from "./protocol-fit";

type Db = Prisma.TransactionClient | typeof prisma;

export async function currentEvalConfig(db: Db, phaseId: string) {
  return db.evalConfig.findFirst({ where: { phaseId }, orderBy: { version: "desc" } });
}

/**
 * Stores `protocol` as the phase's next config version unless it equals the current one; every
 * path that writes a version (API, phase upsert, manage form, YAML import) comes through here.
 * `force` writes a new version even then: replacing the ground truth or the split changes the
 * scores, and a new version keeps the leaderboard from mixing old and new numbers.
 */
export async function saveEvalConfig(
  db: Db,
  args: { actorId: string | null; challengeId: string; phaseId: string; protocol: Protocol; force?: boolean; reason?: string },
): Promise<{ version: number; created: boolean }> {
  await assertProtocolFitsGroundTruth(db, args.phaseId, args.protocol);
  const current = await currentEvalConfig(db, args.phaseId);
  if (current && !args.force && sameProtocol(protocolOfRow(current), args.protocol)) return { version: current.version, created: false };
  const version = (current?.version ?? 0) + 1;
  await db.evalConfig.create({ data: { phaseId: args.phaseId, version, createdById: args.actorId, ...rowDataOfProtocol(args.protocol) } });
  await recordAudit(db, {
    actorId: args.actorId,
    challengeId: args.challengeId,
    action: "evalConfig.version",
    targetType: "Phase",
    targetId: args.phaseId,
    data: { version, reason: args.reason ?? "protocol changed", protocol: args.protocol as unknown as Prisma.InputJsonValue },
  });
  return { version, created: true };
}

/** Copies the current protocol into a new version (see saveEvalConfig's `force`). */
export async function bumpEvalConfig(db: Db, args: { actorId: string | null; challengeId: string; phaseId: string; reason: string }) {
  const current = await currentEvalConfig(db, args.phaseId);
  const protocol = current ? protocolOfRow(current) : DEFAULT_PROTOCOL;
  return saveEvalConfig(db, { ...args, protocol, force: true });
}

export type VersionStatus = {
  currentVersion: number | null;
  /** Finished submissions whose scores come from an older config version (or none at all). */
  outdated: { id: string; teamId: string | null; evalConfigVersion: number | null; createdAt: Date }[];
  /** Submissions still waiting or running: they will pick up the current version. */
  inFlight: number;
};

export async function evalConfigVersionStatus(phaseId: string): Promise<VersionStatus> {
  const current = await currentEvalConfig(prisma, phaseId);
  const currentVersion = current?.version ?? null;
  const [outdated, inFlight] = await Promise.all([
    prisma.submission.findMany({
      where: { phaseId, status: "FINISHED", OR: [{ evalConfigVersion: null }, { evalConfigVersion: { not: currentVersion ?? -1 } }] },
      select: { id: true, teamId: true, evalConfigVersion: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    }),
    prisma.submission.count({ where: { phaseId, status: { in: ["QUEUED", "RUNNING"] } } }),
  ]);
  return { currentVersion, outdated, inFlight };
}
