export const TEAM_NAME_MAX = 60;
const SLUG_MAX = 40;

/** "Team Rocket (Berlin)!" -> "team-rocket-berlin". Empty when nothing usable is left. */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX)
    .replace(/-+$/g, "");
}

/** Slugs that are routes under /teams/ themselves. */
const RESERVED_SLUGS = new Set(["join", "new"]);

/** The candidates tried in order when a slug is taken: base, base-2, base-3, ... (reserved words skip base). */
export function slugCandidate(base: string, attempt: number): string {
  const n = RESERVED_SLUGS.has(base) ? attempt + 1 : attempt;
  if (n === 0) return base;
  const suffix = `-${n + 1}`;
  return base.slice(0, SLUG_MAX - suffix.length).replace(/-+$/g, "") + suffix;
}

export function teamNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length < 2) return "Team name must be at least 2 characters.";
  if (trimmed.length > TEAM_NAME_MAX) return `Team name is ${trimmed.length} characters; use at most ${TEAM_NAME_MAX}.`;
  if (slugify(trimmed).length < 2) return "Team name needs at least two letters or digits (they make its URL).";
  return null;
}
