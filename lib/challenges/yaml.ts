// Challenge definitions as YAML (challenge, phases, protocol, split; never submissions or the GT file).
import { LineCounter, parseDocument, stringify } from "yaml";
import { ChallengeError } from "./errors";
import { ProtocolError, iouPresetOf, parseProtocol, type Protocol } from "./protocol";
import { challengeDefinitionSchema, formatPath, type ChallengeDefinition } from "./schemas";

export type ParsedDefinition = { definition: ChallengeDefinition; protocols: (Protocol | null)[] };

function lineOf(doc: ReturnType<typeof parseDocument>, counter: LineCounter, path: readonly PropertyKey[]): number | null {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === "object" && node.range) return counter.linePos(node.range[0]).line;
  }
  return null;
}

function invalid(problems: { path: string; message: string }[], source: string): ChallengeError {
  const lines = problems.map((p) => `  ${p.path ? `${p.path}: ` : ""}${p.message}`);
  return new ChallengeError(422, "invalid_definition", `${source} is not a valid challenge definition:\n${lines.join("\n")}`, problems);
}

/**
 * Parses and validates a challenge definition. Errors name the YAML path and line, e.g.
 * `phases[0].evaluation.iouThresholds[2]: 1.5 is not in (0, 1] (line 17)`.
 */
export function parseChallengeYaml(text: string, source = "The challenge file"): ParsedDefinition {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true });
  if (doc.errors.length > 0)
    throw invalid(
      doc.errors.map((e) => ({ path: "", message: `YAML syntax: ${e.message}` })),
      source,
    );
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  const at = (path: readonly PropertyKey[]) => {
    const line = lineOf(doc, counter, path);
    return line === null ? "" : ` (line ${line})`;
  };
  const result = challengeDefinitionSchema.safeParse(raw);
  if (!result.success)
    throw invalid(
      result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message + at(i.path) })),
      source,
    );
  const problems: { path: string; message: string }[] = [];
  const protocols = result.data.phases.map((phase, i) => {
    if (!phase.evaluation) return null;
    try {
      return parseProtocol(phase.evaluation);
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      const path = ["phases", i, "evaluation", ...err.path];
      problems.push({ path: formatPath(path), message: err.message + at(path) });
      return null;
    }
  });
  if (problems.length > 0) throw invalid(problems, source);
  return { definition: result.data, protocols };
}

/** COCO's 0.8999999999999999 prints as 0.9; parsing snaps the whole COCO list back to its exact values. */
const tidy = (x: number) => Number(x.toPrecision(12));

export type ExportablePhase = {
  slug: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  maxSubmissionsPerDay: number;
  maxSubmissionsTotal: number;
  maxConcurrent: number;
  maxFinalSelections: number;
  maxUploadBytes: bigint | number;
  leaderboardVisibility: string;
  autoReleasePrivate: boolean;
  allowLateSubmissions: boolean;
  split: { publicPercent: number; seed: number } | { publicImageIds: number[] };
  protocol: Protocol | null;
};

/**
 * A phase's `evaluation:` block. The metric family, the dilation ratio and mIoU are written only when
 * they are not the default, and the LVIS families leave out the fields their reference fixes.
 */
function evaluationObject(protocol: Protocol) {
  return {
    ...(protocol.metric !== "coco" ? { metric: protocol.metric } : {}),
    iouType: protocol.iouType,
    ...(protocol.iouType === "boundary" ? { dilationRatio: protocol.dilationRatio } : {}),
    ...(protocol.metric === "coco"
      ? {
          iouThresholds: iouPresetOf(protocol.iouThresholds) === "coco" ? protocol.iouThresholds.map(tidy) : protocol.iouThresholds,
          maxDets: protocol.maxDets,
          areaRanges: Object.fromEntries(protocol.areaRanges.map((a) => [a.name, a.range])),
          classAveraging: protocol.classAveraging,
        }
      : {}),
    primaryMetric: protocol.primaryMetric,
    statistics: {
      replicates: protocol.statistics.replicates,
      level: protocol.statistics.level,
      ...(protocol.statistics.seed === null ? {} : { seed: protocol.statistics.seed }),
      ranking: protocol.statistics.ranking,
      ladder: protocol.statistics.ladder,
    },
    ...(protocol.miou ? { miou: { scoreThreshold: protocol.miou.scoreThreshold } } : {}),
  };
}

/** The definition object in the key order of the documented file format. */
export function definitionObject(
  challenge: {
    slug: string;
    title: string;
    status: string;
    summary: string;
    description: string;
    rules: string;
    publicSubmissionPages: boolean;
  },
  phases: ExportablePhase[],
) {
  return {
    slug: challenge.slug,
    title: challenge.title,
    status: challenge.status,
    summary: challenge.summary,
    description: challenge.description,
    rules: challenge.rules,
    publicSubmissionPages: challenge.publicSubmissionPages,
    phases: phases.map((p) => ({
      slug: p.slug,
      name: p.name,
      startsAt: p.startsAt.toISOString(),
      endsAt: p.endsAt.toISOString(),
      maxSubmissionsPerDay: p.maxSubmissionsPerDay,
      maxSubmissionsTotal: p.maxSubmissionsTotal,
      maxConcurrent: p.maxConcurrent,
      maxFinalSelections: p.maxFinalSelections,
      maxUploadBytes: Number(p.maxUploadBytes),
      leaderboardVisibility: p.leaderboardVisibility,
      autoReleasePrivate: p.autoReleasePrivate,
      allowLateSubmissions: p.allowLateSubmissions,
      split: p.split,
      ...(p.protocol ? { evaluation: evaluationObject(p.protocol) } : {}),
    })),
  };
}

export function toYaml(definition: ReturnType<typeof definitionObject>): string {
  return stringify(definition, { lineWidth: 0, flowCollectionPadding: false, collectionStyle: "any" }).replace(
    /^/,
    "# Maskboard challenge definition (npm run admin -- import-challenge FILE)\n",
  );
}
