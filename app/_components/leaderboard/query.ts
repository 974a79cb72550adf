/** Next's searchParams values may repeat; pages use the first. */
export function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function parseSplit(value: string | string[] | undefined): "public" | "private" {
  return first(value) === "private" ? "private" : "public";
}

export function parsePage(value: string | string[] | undefined): number {
  const n = Number(first(value));
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export function formatDate(d: Date | null | undefined): string {
  if (!d) return "—";
  return d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

export function formatDay(d: Date | null | undefined): string {
  return d ? d.toISOString().slice(0, 10) : "—";
}
