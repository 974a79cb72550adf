// The organizer dashboard's audit log in words: who (a name, not an id), what, on which phase, team or
// submission (by name), and the recorded details as short "key: value" lines instead of cut-off JSON.

export type AuditRow = {
  id: string;
  at: Date;
  action: string;
  actor: { name: string | null; email: string } | null;
  targetType: string;
  targetId: string | null;
  data: unknown;
};

/** Names of the targets, by id: phases, teams, submissions ("Team A, 2026-12-03 14:00"), users, the challenge. */
export type TargetNames = Map<string, string>;

export type AuditLine = { id: string; at: Date; who: string; what: string; action: string; target: string; details: string[] };

const ACTIONS: Record<string, string> = {
  "challenge.create": "Created the challenge",
  "challenge.update": "Edited the challenge",
  "challenge.status.published": "Published the challenge",
  "challenge.status.archived": "Archived the challenge",
  "challenge.status.draft": "Set the challenge to draft",
  "organizer.add": "Added an organizer",
  "phase.create": "Created a phase",
  "phase.update": "Edited a phase",
  "phase.rerun": "Re-ran every submission of a phase",
  "phase.releasePrivate": "Released the private split",
  "groundTruth.upload": "Uploaded the ground truth",
  "groundTruth.replace": "Replaced the ground truth",
  "split.change": "Changed the public/private split",
  "evalConfig.version": "Saved a new evaluation protocol",
  "submission.cancel": "Cancelled a submission",
  "submission.rerun": "Re-ran a submission",
  "submission.baseline": "Showed an entry as a baseline",
  "submission.unbaseline": "Made a baseline a private entry",
  "team.disqualify": "Disqualified a team",
  "team.requalify": "Reinstated a team",
  "team.quotaReset": "Reset a team's quota",
  "participation.release": "Released a member bound to a team they left",
};

const KEY_LABELS: Record<string, string> = {
  override: "override while the phase was open",
  phaseOpen: "",
  previousReason: "previous reason",
  previousSha256: "previous sha256",
  submissions: "submissions",
  publicPercent: "public images (%)",
  publicImageIds: "public image ids",
  iouThresholds: "IoU thresholds",
  maxDets: "maxDets",
  primaryMetric: "primary metric",
  teamId: "team they left",
  leftAt: "left at",
};

function valueText(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return /^[0-9a-f]{64}$/.test(value) ? `${value.slice(0, 12)}…` : value;
  if (typeof value === "number") return String(Number(value.toPrecision(10)));
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    const items = value.map((v) =>
      typeof v === "object" && v !== null ? ((v as { name?: string }).name ?? JSON.stringify(v)) : valueText(v),
    );
    return items.length > 12 ? `${items.slice(0, 12).join(", ")}, … (${items.length})` : items.join(", ");
  }
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${KEY_LABELS[k] ?? k} ${valueText(v)}`)
    .join("; ");
}

/** "key: value" lines for the recorded data; a protocol is summarised by its fields that matter. */
export function auditDetails(data: unknown): string[] {
  if (typeof data !== "object" || data === null) return [];
  const lines: string[] = [];
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (key === "phaseOpen") continue;
    if (key === "override") {
      if (value) lines.push("override: done while the phase was open");
      continue;
    }
    const label = KEY_LABELS[key] ?? key;
    lines.push(`${label}: ${valueText(value)}`);
  }
  return lines;
}

export function describeAudit(rows: AuditRow[], names: TargetNames): AuditLine[] {
  return rows.map((a) => ({
    id: a.id,
    at: a.at,
    who: a.actor ? (a.actor.name ? `${a.actor.name} (${a.actor.email})` : a.actor.email) : "system",
    what: ACTIONS[a.action] ?? a.action,
    action: a.action,
    target: a.targetId ? (names.get(a.targetId) ?? `${a.targetType.toLowerCase()} (removed)`) : a.targetType.toLowerCase(),
    details: auditDetails(a.data),
  }));
}
