import "@/app/leaderboard.css";
import Link from "next/link";
import type { Metadata } from "next";
import {
  FREQUENCIES,
  FREQUENCY_LABELS,
  categoriesForSplit,
  filterByFrequency,
  formatMetric,
  frequencyCounts,
  frequencyFilterSchema,
  groupByFrequency,
  hasFrequencies,
  loadClassIntervals,
  loadClassLeaderboard,
  loadClassMatrix,
  loadPhaseContext,
  type FrequencyFilter,
  type MatrixRow,
} from "@/lib/leaderboard";
import { LeaderboardFrame } from "@/app/_components/leaderboard/leaderboard-frame";
import { authorizeLeaderboardPage } from "@/app/_components/leaderboard/page-access";
import { Pager } from "@/app/_components/leaderboard/pager";
import { first, formatDate, parsePage } from "@/app/_components/leaderboard/query";
import { CIVIDIS_GRADIENT, heatStylesheet } from "@/app/_components/leaderboard/cividis";
import { classInterval, classRowsBodyHtml, matrixBodyHtml } from "@/app/_components/leaderboard/matrix-body";
import { IntervalWhisker } from "@/app/_components/leaderboard/interval-whisker";
import { filterClasses } from "@/app/_components/leaderboard/class-filter";
import { ScrollTable } from "@/app/_components/table/scroll-table";

const PAGE_SIZE = 40;
const CLASS_RANKING_ROWS = 100;

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { slug } = await params;
  const context = await loadPhaseContext(slug, first((await searchParams).phase));
  if (!context || context.challenge.status === "DRAFT") return { title: `Per-class leaderboard · ${slug}` };
  return { title: `Per-class leaderboard · ${context.phase.name} · ${context.challenge.title}` };
}

export default async function ClassLeaderboardPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const sp = await searchParams;
  const gate = await authorizeLeaderboardPage(slug, sp, "classes");
  if ("notice" in gate) return gate.notice;
  const { access, split } = gate;
  const { context, facts } = access;
  const categories = categoriesForSplit(context, split);
  const sortParam = first(sp.sort) ?? "rank";
  const sortCategory = /^class:-?\d+$/.test(sortParam) ? categories.find((c) => `class:${c.cocoId}` === sortParam) : undefined;
  const direction = first(sp.dir) === "asc" ? "asc" : first(sp.dir) === "desc" ? "desc" : sortCategory ? "desc" : "asc";
  const page = parsePage(sp.page);
  const pickedCocoId = first(sp.category);
  const picked = categories.find((c) => String(c.cocoId) === pickedCocoId);

  const [matrix, classBoard] = await Promise.all([
    loadClassMatrix(context, split, {
      sortCategoryId: sortCategory?.id,
      direction,
      offset: (page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    }),
    picked ? loadClassLeaderboard(context, split, picked) : Promise.resolve(null),
  ]);

  // Per-class AP intervals (tooltips of the matrix, a whisker column in one class's ranking): only the shown rows'.
  const classBoardRows = classBoard?.rows.slice(0, CLASS_RANKING_ROWS) ?? [];
  const intervals = await loadClassIntervals(context, split, [
    ...new Set([...matrix.rows.map((r) => r.submissionId), ...classBoardRows.map((r) => r.submissionId)]),
  ]);
  const classCis = new Map(
    classBoard
      ? classBoardRows.map((r) => {
          const pair = classInterval(intervals, r.submissionId, classBoard.category.cocoId);
          // Computed but undefined in every replicate: bounds null ("—"); not computed yet: null ("…").
          const computed = intervals?.bySubmission.has(r.submissionId) ?? false;
          return [r.submissionId, pair ?? (computed && intervals ? { level: intervals.level, low: null, high: null } : null)] as const;
        })
      : [],
  );
  const classScale = ((): [number, number] | null => {
    const defined = [...classCis.values()].flatMap((c) => (c && c.low !== null && c.high !== null ? [[c.low, c.high]] : []));
    return defined.length ? [Math.min(...defined.map((c) => c[0])), Math.max(...defined.map((c) => c[1]))] : null;
  })();
  const linkSubmissions = context.challenge.publicSubmissionPages || access.isOrganizer;
  const isOwn = (teamId: string | null) => teamId !== null && teamId === facts.participantTeamId;
  const basePath = `/c/${encodeURIComponent(slug)}/leaderboard/classes`;
  const classRows = first(sp.orient) === "classes";
  const query = (first(sp.q) ?? "").slice(0, 100);
  // LVIS phases (1,203 classes) group the classes by frequency: ?frequency=r|c|f|all.
  const lvis = hasFrequencies(categories);
  const frequency: FrequencyFilter = lvis ? frequencyFilterSchema.parse(first(sp.frequency)) : "all";
  const counts = frequencyCounts(categories);
  const columns = filterByFrequency(filterClasses(categories, query), frequency, (c) => c.category);
  const freqQuery: Record<string, string> = frequency === "all" ? {} : { frequency };
  const baseQuery: Record<string, string> = {
    phase: context.phase.slug,
    split,
    ...(classRows ? { orient: "classes" } : {}),
    ...(query ? { q: query } : {}),
    ...freqQuery,
  };
  const frequencyHref = (f: FrequencyFilter) => {
    const { frequency: _drop, ...rest } = baseQuery;
    void _drop;
    return `${basePath}?${new URLSearchParams({ ...rest, ...(f === "all" ? {} : { frequency: f }) }).toString()}`;
  };
  const withQuery = (extra: Record<string, string>) => `${basePath}?${new URLSearchParams({ ...baseQuery, ...extra }).toString()}`;
  const keep: Record<string, string> = picked ? { category: String(picked.cocoId) } : {};
  const sortHref = (key: string) => {
    const active = sortParam === key;
    const natural = key === "rank" ? "asc" : "desc";
    const dir = active ? (direction === "asc" ? "desc" : "asc") : natural;
    return withQuery({ ...keep, sort: key, dir });
  };
  const ariaSort = (key: string) =>
    sortParam === key || (key === "rank" && !sortCategory) ? (direction === "asc" ? "ascending" : "descending") : undefined;
  const orientHref = (rows: "teams" | "classes", q = query) =>
    `${basePath}?${new URLSearchParams({
      phase: context.phase.slug,
      split,
      ...(rows === "classes" ? { orient: "classes" } : {}),
      ...(q ? { q } : {}),
      ...freqQuery,
      ...keep,
    }).toString()}`;
  const exportHref = (format: "csv" | "json") =>
    `/api/v1/challenges/${encodeURIComponent(slug)}/phases/${encodeURIComponent(context.phase.slug)}/leaderboard?${new URLSearchParams({ split, view: "classes", format, ...freqQuery }).toString()}`;
  const linkable = (r: MatrixRow) => linkSubmissions || isOwn(r.team.id);

  return (
    <LeaderboardFrame access={access} split={split} active="classes">
      <p className="mb-muted mb-small">
        AP of each team&apos;s ranked entry on every class ({split} split). &ldquo;—&rdquo; marks a class without ground truth in this
        split: its AP is undefined, not zero. Click a class name to sort by it; point at a cell for its team, class, AP and ground-truth
        count.
      </p>

      <section aria-labelledby="matrix-title">
        <h2 id="matrix-title">{classRows ? "Classes × teams" : "Teams × classes"}</h2>
        <div className="mb-matrix-tools">
          <nav className="mb-pills" aria-label="Orientation" data-testid="matrix-orientation">
            <span className="mb-pills-label">Rows</span>
            <Link href={orientHref("teams")} aria-current={classRows ? undefined : "true"}>
              Teams
            </Link>
            <Link href={orientHref("classes")} aria-current={classRows ? "true" : undefined}>
              Classes
            </Link>
          </nav>
          {lvis ? (
            <nav className="mb-pills" aria-label="Frequency group" data-testid="frequency-filter">
              <span className="mb-pills-label">Frequency</span>
              {(["all", ...FREQUENCIES] as const).map((f) => (
                <Link
                  key={f}
                  href={frequencyHref(f)}
                  aria-current={frequency === f ? "true" : undefined}
                  title={f === "all" ? "Every class" : FREQUENCY_LABELS[f]}
                  data-frequency={f}
                >
                  {f === "all" ? "All" : FREQUENCY_LABELS[f].split(" ")[0]} ({counts[f]})
                </Link>
              ))}
            </nav>
          ) : null}
          <form method="get" action={basePath} role="search" className="mb-class-filter" aria-label="Filter classes">
            {Object.entries({ ...baseQuery, ...keep, ...(sortParam !== "rank" ? { sort: sortParam, dir: direction } : {}) })
              .filter(([k]) => k !== "q")
              .map(([k, v]) => (
                <input key={k} type="hidden" name={k} value={v} />
              ))}
            <label>
              <span className="mb-muted mb-small">Classes</span>
              <input type="search" name="q" defaultValue={query} placeholder="name or supercategory" maxLength={100} />
            </label>
            <button type="submit" className="secondary">
              Filter
            </button>
            {query ? <Link href={orientHref(classRows ? "classes" : "teams", "")}>Show all</Link> : null}
          </form>
          <p className="mb-muted mb-small mb-matrix-export">
            Full matrix ({matrix.totalRows} × {categories.length}):{" "}
            <a href={exportHref("csv")} download>
              CSV
            </a>{" "}
            ·{" "}
            <a href={exportHref("json")} download>
              JSON
            </a>
          </p>
        </div>
        {query || frequency !== "all" ? (
          <p className="mb-muted mb-small" role="status" data-testid="class-filter-status">
            {columns.length} of {categories.length} classes
            {frequency !== "all" ? ` in group ${FREQUENCY_LABELS[frequency].split(" ")[0].toLowerCase()}` : ""}
            {query ? <> match &ldquo;{query}&rdquo;</> : null}.
          </p>
        ) : null}
        <style>{heatStylesheet()}</style>
        <div className="mb-legend" aria-hidden="true">
          <span>AP × 100: 0</span>
          <span className="mb-legend-bar" style={{ background: CIVIDIS_GRADIENT }} />
          <span>100</span>
        </div>
        {classRows ? (
          <ScrollTable label="Classes × teams" sticky={1} firstColumnWidth="9rem" fit>
            <table className="mb-table mb-heatmap mb-heatmap-classes" data-testid="class-matrix" data-orientation="classes">
              <thead>
                <tr>
                  <th scope="col" className="mb-left">
                    Class
                  </th>
                  <th scope="col" title="Ground-truth instances in this split">
                    GT
                  </th>
                  <th scope="col" title="Mean AP over ranked teams">
                    Mean
                  </th>
                  {matrix.rows.map((r) => (
                    <th key={r.submissionId} scope="col" className="mb-class-head" title={`${r.rank ? `#${r.rank} ` : ""}${r.team.name}`}>
                      {linkable(r) ? (
                        <Link href={`/c/${encodeURIComponent(slug)}/submissions/${encodeURIComponent(r.submissionId)}`}>
                          {r.rank ? `${r.rank}. ` : ""}
                          {r.team.name}
                        </Link>
                      ) : (
                        <span>
                          {r.rank ? `${r.rank}. ` : ""}
                          {r.team.name}
                        </span>
                      )}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody dangerouslySetInnerHTML={{ __html: classRowsBodyHtml(matrix.rows, columns, matrix.means, split, intervals) }} />
            </table>
          </ScrollTable>
        ) : (
          <ScrollTable label="Teams × classes" sticky={2} fit>
            <table className="mb-table mb-heatmap" data-testid="class-matrix" data-orientation="teams">
              <thead>
                <tr>
                  <th scope="col" aria-sort={ariaSort("rank")}>
                    <Link href={sortHref("rank")}>Rank</Link>
                  </th>
                  <th scope="col" className="mb-left">
                    Team
                  </th>
                  {columns.map(({ category: c }) => (
                    <th
                      key={c.id}
                      scope="col"
                      className="mb-class-head"
                      aria-sort={ariaSort(`class:${c.cocoId}`)}
                      title={`Sort by AP of ${c.name} (${c.gtInSplit} GT instances)`}
                    >
                      <Link href={sortHref(`class:${c.cocoId}`)}>{c.name}</Link>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody dangerouslySetInnerHTML={{ __html: matrixBodyHtml(matrix.rows, slug, columns, linkable, split, intervals) }} />
              <tfoot>
                <tr>
                  <td />
                  <td className="mb-left">Mean over teams</td>
                  {columns.map(({ category, index }) => (
                    <td key={category.id}>{matrix.means[index] === null ? "—" : (matrix.means[index] * 100).toFixed(1)}</td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </ScrollTable>
        )}
        <Pager
          basePath={basePath}
          query={{ ...baseQuery, ...keep, sort: sortParam, dir: direction }}
          page={page}
          pageSize={PAGE_SIZE}
          total={matrix.totalRows}
        />
      </section>
      <section aria-labelledby="class-picker-title">
        <h2 id="class-picker-title">Ranking of one class</h2>
        <nav aria-label="Pick a class" data-testid="class-picker">
          {groupByFrequency(columns, (c) => c.category).map((section) => (
            <div key={section.frequency ?? "none"} data-testid="class-picker-group" data-frequency={section.frequency ?? ""}>
              {lvis ? (
                <h3 className="mb-small">
                  {section.frequency ? FREQUENCY_LABELS[section.frequency] : "No frequency group"} ({section.items.length})
                </h3>
              ) : null}
              <div className="mb-class-picker">
                {section.items.map(({ category: c }) => (
                  <Link
                    key={c.id}
                    href={`${withQuery({ category: String(c.cocoId), sort: sortParam, dir: direction })}#class-picker-title`}
                    aria-current={picked?.id === c.id ? "true" : undefined}
                  >
                    {c.name}
                  </Link>
                ))}
              </div>
            </div>
          ))}
        </nav>
        {classBoard ? (
          <div data-testid="class-ranking">
            <dl className="mb-facts">
              <dt>Class</dt>
              <dd>
                {classBoard.category.name} (id {classBoard.category.cocoId}
                {classBoard.category.supercategory ? `, ${classBoard.category.supercategory}` : ""})
              </dd>
              <dt>Best team</dt>
              <dd>{classBoard.best ? `${classBoard.best.team.name} (AP ${formatMetric(classBoard.best.ap)})` : "—"}</dd>
              <dt>Mean AP over teams</dt>
              <dd>{formatMetric(classBoard.meanAp)}</dd>
            </dl>
            <ScrollTable label="Ranking of one class" sticky={2} maxHeight="24rem" className="mb-mt">
              <table className="mb-table">
                <thead>
                  <tr>
                    <th scope="col">Rank</th>
                    <th scope="col" className="mb-left">
                      Team
                    </th>
                    <th scope="col">AP ({classBoard.category.name})</th>
                    {intervals ? <th scope="col">{`${+(intervals.level * 100).toFixed(2)}% interval`}</th> : null}
                    <th scope="col">Overall rank</th>
                    <th scope="col">Date</th>
                  </tr>
                </thead>
                <tbody>
                  {classBoardRows.map((r) => (
                    <tr key={r.submissionId} className={r.isBaseline ? "mb-baseline" : undefined}>
                      <td>{r.rank ?? "—"}</td>
                      <td className="mb-left">
                        {linkSubmissions || isOwn(r.team.id) ? (
                          <Link
                            href={`/c/${encodeURIComponent(slug)}/submissions/${encodeURIComponent(r.submissionId)}?class=${classBoard.category.cocoId}`}
                          >
                            {r.team.name}
                          </Link>
                        ) : (
                          r.team.name
                        )}
                        {r.isBaseline ? <span className="mb-badge">baseline</span> : null}
                      </td>
                      <td className="mb-primary">{formatMetric(r.ap)}</td>
                      {intervals ? (
                        <td>
                          <IntervalWhisker row={{ primary: r.ap, ci: classCis.get(r.submissionId) ?? null }} scale={classScale} focusable />
                        </td>
                      ) : null}
                      <td>{r.overallRank ?? "—"}</td>
                      <td>{formatDate(r.submittedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
            {classBoard.rows.length > CLASS_RANKING_ROWS ? (
              <p className="mb-muted mb-small">
                Top {CLASS_RANKING_ROWS} of {classBoard.rows.length}.{" "}
                <a
                  href={`/api/v1/challenges/${encodeURIComponent(slug)}/phases/${encodeURIComponent(context.phase.slug)}/leaderboard?split=${split}&category=${classBoard.category.cocoId}&format=csv`}
                  download
                >
                  Download the full ranking (CSV)
                </a>
              </p>
            ) : null}
          </div>
        ) : (
          <p className="mb-muted mb-small">Pick a class to see its ranking, its best team and how hard it is (mean AP over teams).</p>
        )}
      </section>
    </LeaderboardFrame>
  );
}
