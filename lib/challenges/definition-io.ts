import "server-only";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { prisma } from "@/lib/db";
import { addOrganizer, assertStatusTransition, createChallenge, updateChallenge } from "./challenges";
import { currentEvalConfig } from "./eval-config";
import { protocolOfRow } from "./eval-params";
import { ChallengeError } from "./errors";
import { ingestGroundTruth } from "./ground-truth";
import { upsertPhase } from "./phases";
import { definitionObject, parseChallengeYaml, toYaml, type ExportablePhase, type ParsedDefinition } from "./yaml";

/** The challenge as the YAML file describes it (current config versions, split settings). */
export async function exportChallengeDefinition(challengeId: string) {
  const challenge = await prisma.challenge.findUniqueOrThrow({
    where: { id: challengeId },
    include: { phases: { orderBy: { position: "asc" }, include: { groundTruth: { select: { id: true } } } } },
  });
  const phases: ExportablePhase[] = [];
  for (const p of challenge.phases) {
    const config = await currentEvalConfig(prisma, p.id);
    let split: ExportablePhase["split"] = { publicPercent: p.splitPublicPercent, seed: p.splitSeed };
    if (p.splitMode === "LIST" && p.groundTruth) {
      const rows = await prisma.imageSplit.findMany({
        where: { groundTruthId: p.groundTruth.id, split: "PUBLIC" },
        select: { imageId: true },
        orderBy: { imageId: "asc" },
      });
      split = { publicImageIds: rows.map((r) => r.imageId) };
    }
    phases.push({ ...p, split, protocol: config ? protocolOfRow(config) : null });
  }
  return definitionObject(challenge, phases);
}

export async function exportChallengeYaml(challengeId: string): Promise<string> {
  return toYaml(await exportChallengeDefinition(challengeId));
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export type ImportOptions = {
  actorId: string | null;
  /** Added as an organizer (must have an account). */
  organizerEmail?: string;
  /** phase slug -> path of its ground-truth file */
  groundTruths?: Record<string, string>;
  /** Replace a ground truth that submissions were scored on (re-evaluates them). */
  confirmReplace?: boolean;
};

/**
 * Creates or updates the challenge a definition describes. Idempotent: importing the same file
 * twice changes nothing the second time (no new config versions, the same ground truth kept).
 * Phases missing from the file are left as they are.
 */
export async function importChallengeDefinition({ definition, protocols }: ParsedDefinition, opts: ImportOptions) {
  const log: string[] = [];
  for (const slug of Object.keys(opts.groundTruths ?? {}))
    if (!definition.phases.some((p) => p.slug === slug))
      throw new ChallengeError(
        422,
        "unknown_phase",
        `--ground-truth names phase "${slug}", which the file does not define (phases: ${definition.phases.map((p) => p.slug).join(", ") || "none"}).`,
      );

  let challenge = await prisma.challenge.findUnique({ where: { slug: definition.slug } });
  const { phases: _phases, ...fields } = definition;
  if (!challenge) {
    challenge = await createChallenge(opts.actorId, { ...fields, status: "DRAFT" });
    log.push(`created challenge ${definition.slug}`);
  } else {
    assertStatusTransition(challenge.status, definition.status);
    const { status: _status, ...rest } = fields;
    await updateChallenge(opts.actorId, challenge.id, rest);
    log.push(`updated challenge ${definition.slug}`);
  }
  if (opts.organizerEmail) await addOrganizer(opts.actorId, challenge.id, opts.organizerEmail);

  for (const [i, phaseDef] of definition.phases.entries()) {
    const gtPath = opts.groundTruths?.[phaseDef.slug];
    const { phase, created, evalConfigVersion } = await upsertPhase(opts.actorId, challenge.id, phaseDef.slug, {
      ...phaseDef,
      position: phaseDef.position ?? i,
      evaluation: protocols[i] ?? undefined,
      split: gtPath && phaseDef.split?.publicImageIds ? undefined : phaseDef.split,
    });
    log.push(
      `${created ? "created" : "updated"} phase ${phase.slug}${evalConfigVersion?.created ? ` (eval config v${evalConfigVersion.version})` : ""}`,
    );
    if (gtPath) {
      const existing = await prisma.groundTruth.findUnique({ where: { phaseId: phase.id }, select: { sha256: true } });
      if (existing && existing.sha256 === (await sha256OfFile(gtPath))) {
        log.push(`phase ${phase.slug}: ground truth unchanged`);
        continue;
      }
      const result = await ingestGroundTruth({
        actorId: opts.actorId,
        phaseId: phase.id,
        source: createReadStream(gtPath),
        confirmReplace: opts.confirmReplace,
        split: phaseDef.split,
      });
      log.push(
        `phase ${phase.slug}: ground truth ${result.replaced ? "replaced" : "uploaded"} (${result.summary?.numImages} images, ${result.summary?.publicImages} public / ${result.summary?.privateImages} private)`,
      );
    } else if (
      phaseDef.split?.publicImageIds &&
      !(await prisma.groundTruth.findUnique({ where: { phaseId: phase.id }, select: { id: true } }))
    ) {
      throw new ChallengeError(
        422,
        "ground_truth_required",
        `phases[${i}].split.publicImageIds needs the phase's ground truth: pass --ground-truth ${phaseDef.slug}=PATH.`,
      );
    }
  }
  if (challenge.status !== definition.status) {
    await updateChallenge(opts.actorId, challenge.id, { status: definition.status });
    log.push(`status ${definition.status}`);
  }
  return { challengeId: challenge.id, log };
}

/**
 * Reads, validates and imports a YAML challenge file (what `npm run admin -- import-challenge` and the
 * demo seed call), e.g.
 *   importChallengeYamlFile("prisma/demo/challenge.yaml", { actorId: null, organizerEmail, groundTruths: { dev: gt, test: gt } })
 */
export async function importChallengeYamlFile(file: string, opts: ImportOptions) {
  const parsed = parseChallengeYaml(await readFile(file, "utf8"), file);
  return { slug: parsed.definition.slug, ...(await importChallengeDefinition(parsed, opts)) };
}
