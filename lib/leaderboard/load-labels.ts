import "server-only";
import { prisma } from "@/lib/db";
import type { TeamRef } from "./types";

/** Team name and slug shown for each submission; baselines are labelled by their description. */
export async function loadEntryLabels(submissionIds: string[]): Promise<Map<string, TeamRef>> {
  if (submissionIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<
    {
      submissionId: string;
      teamId: string | null;
      teamName: string | null;
      teamSlug: string | null;
      description: string;
      isBaseline: boolean;
    }[]
  >`
    SELECT s.id AS "submissionId", s."teamId", s.description, s."isBaseline", t.name AS "teamName", t.slug AS "teamSlug"
    FROM "Submission" s LEFT JOIN "Team" t ON t.id = s."teamId"
    WHERE s.id = ANY(${submissionIds}::text[])`;
  return new Map(rows.map((r) => [r.submissionId, { id: r.teamId, name: entryLabel(r), slug: r.teamSlug }]));
}

export function entryLabel(r: { isBaseline: boolean; description: string; teamName: string | null }): string {
  if (!r.isBaseline) return r.teamName ?? "Organizer test entry";
  const label = r.description.trim() || r.teamName || "";
  return label ? `Baseline: ${label}` : "Baseline";
}
