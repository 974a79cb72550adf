import "@/app/leaderboard.css";
import Link from "next/link";
import type { Metadata } from "next";
import { loadPhaseContext } from "@/lib/leaderboard";
import { categoriesForSplit, formatMetric, loadClassLeaderboard, loadClassMatrix } from "@/lib/leaderboard";
import { LeaderboardFrame } from "@/app/_components/leaderboard/leaderboard-frame";
import { authorizeLeaderboardPage } from "@/app/_components/leaderboard/page-access";
import { Pager } from "@/app/_components/leaderboard/pager";
import { first, formatDate, parsePage } from "@/app/_components/leaderboard/query";
import { CIVIDIS_GRADIENT, heatStylesheet } from "@/app/_components/leaderboard/cividis";
import { matrixBodyHtml } from "@/app/_components/leaderboard/matrix-body";
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

  const linkSubmissions = context.challenge.publicSubmissionPages || access.isOrganizer;
  const isOwn = (teamId: string | null) => teamId !== null && teamId === facts.participantTeamId;
  const basePath = `/c/${encodeURIComponent(slug)}/leaderboard/classes`;
  const baseQuery: Record<string, string> = { phase: context.phase.slug, split };
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

  return (
    <LeaderboardFrame access={access} split={split} active="classes">
      <p className="mb-muted mb-small">
        AP of each team&apos;s ranked entry on every class ({split} split). &ldquo;—&rdquo; marks a class without ground truth in this
        split: its AP is undefined, not zero. Click a class name to sort by it.
      </p>

      <section aria-labelledby="matrix-title">
        <h2 id="matrix-title">Teams × classes</h2>
        <style>{heatStylesheet()}</style>
        <div className="mb-legend" aria-hidden="true">
          <span>AP × 100: 0</span>
          <span className="mb-legend-bar" style={{ background: CIVIDIS_GRADIENT }} />
          <span>100</span>
        </div>
        <ScrollTable label="Teams × classes" sticky={2} fit>
          <table className="mb-table mb-heatmap" data-testid="class-matrix">
            <thead>
              <tr>
                <th scope="col" aria-sort={ariaSort("rank")}>
                  <Link href={sortHref("rank")}>Rank</Link>
                </th>
                <th scope="col" className="mb-left">
                  Team
                </th>
                {matrix.categories.map((c) => (
                  <th
                    key={c.id}
                    scope="col"
                    className="mb-class-head"
                    aria-sort={ariaSort(`class:${c.cocoId}`)}
                    title={`Sort by AP of ${c.name}`}
                  >
                    <Link href={sortHref(`class:${c.cocoId}`)}>{c.name}</Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody
              dangerouslySetInnerHTML={{
                __html: matrixBodyHtml(matrix.rows, slug, matrix.categories.length, (r) => linkSubmissions || isOwn(r.team.id)),
              }}
            />
            <tfoot>
              <tr>
                <td />
                <td className="mb-left">Mean over teams</td>
                {matrix.means.map((m, i) => (
                  <td key={matrix.categories[i].id}>{m === null ? "—" : (m * 100).toFixed(1)}</td>
                ))}
              </tr>
            </tfoot>
          </table>
        </ScrollTable>
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
        <nav className="mb-class-picker" aria-label="Pick a class" data-testid="class-picker">
          {categories.map((c) => (
            <Link
              key={c.id}
              href={`${withQuery({ category: String(c.cocoId), sort: sortParam, dir: direction })}#class-picker-title`}
              aria-current={picked?.id === c.id ? "true" : undefined}
            >
              {c.name}
            </Link>
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
                    <th scope="col">Overall rank</th>
                    <th scope="col">Date</th>
                  </tr>
                </thead>
                <tbody>
                  {classBoard.rows.slice(0, CLASS_RANKING_ROWS).map((r) => (
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
