// Shared by the private-split leak tests: the printed forms a private score can take, fetching a list
// of routes as one viewer, and searching the bodies for those forms.
import { metricsFor } from "../lib/leaderboard/seed";

export type FetchedPage = { route: string; status: number; body: string };

/** Every printed form of the private numbers: full precision, three decimals, and AP x 100 as the heatmap shows it. */
export function privateNeedles(privatePrimaries: number[]): string[] {
  const needles = new Set<string>();
  for (const p of privatePrimaries) {
    for (const v of Object.values(metricsFor({ primary: p }))) {
      needles.add(String(v));
      needles.add(v.toFixed(3));
      // The heatmap prints AP x 100 as a cell's whole text; bare, that form also matches SVG coordinates.
      needles.add(`>${(v * 100).toFixed(1)}<`);
    }
  }
  return [...needles];
}

/**
 * Fetches each route with `headers` (redirects not followed). With `rsc`, each page is fetched a second
 * time as the React Server Component payload client navigation reads, reported as "<route> (RSC)".
 */
export async function fetchPages(
  baseUrl: string,
  routes: string[],
  headers: Record<string, string>,
  opts: { rsc?: boolean } = {},
): Promise<FetchedPage[]> {
  const variants: Record<string, string>[] = opts.rsc ? [{}, { rsc: "1" }] : [{}];
  const out: FetchedPage[] = [];
  for (const route of routes) {
    for (const variant of variants) {
      const res = await fetch(baseUrl + route, { headers: { ...headers, ...variant }, redirect: "manual" });
      out.push({ route: `${route}${"rsc" in variant ? " (RSC)" : ""}`, status: res.status, body: await res.text() });
    }
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * "<route> contains <needle>" for every needle found in a body as a number of its own: "0.828" is not
 * found inside "12:01:50.828Z" or "10.8281", where digits stand right before or after it.
 */
export function findLeaks(pages: { route: string; body: string }[], needles: string[]): string[] {
  const patterns = needles.map((n) => ({ n, re: new RegExp(`(?<!\\d)${escapeRegExp(n)}(?!\\d)`) }));
  const found: string[] = [];
  for (const { route, body } of pages) for (const { n, re } of patterns) if (re.test(body)) found.push(`${route} contains ${n}`);
  return found;
}
