import "@/app/leaderboard.css";
import type { Metadata } from "next";
import { loadPhaseContext } from "@/lib/leaderboard";
import {
  COCO_METRIC_PROTOCOL,
  describePrimaryMetric,
  loadOverallLeaderboard,
  parseSort,
  sortRows,
  statisticsView,
} from "@/lib/leaderboard";
import { LeaderboardFrame } from "@/app/_components/leaderboard/leaderboard-frame";
import { authorizeLeaderboardPage } from "@/app/_components/leaderboard/page-access";
import { OverallTable } from "@/app/_components/leaderboard/overall-table";
import { Pager } from "@/app/_components/leaderboard/pager";
import { first, parsePage } from "@/app/_components/leaderboard/query";

const PAGE_SIZE = 100;

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { slug } = await params;
  const context = await loadPhaseContext(slug, first((await searchParams).phase));
  if (!context || context.challenge.status === "DRAFT") return { title: `Leaderboard · ${slug}` };
  return { title: `Leaderboard · ${context.phase.name} · ${context.challenge.title}` };
}

export default async function LeaderboardPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const sp = await searchParams;
  const gate = await authorizeLeaderboardPage(slug, sp, "leaderboard");
  if ("notice" in gate) return gate.notice;
  const { access, split } = gate;
  const { context, facts } = access;
  const sort = parseSort(first(sp.sort), first(sp.dir));
  const ranked = await loadOverallLeaderboard(context, split);
  const rows = sortRows(ranked, sort);
  const statistics = statisticsView(ranked);
  const anyTied = [...statistics.size.values()].some((n) => n > 1);
  const level = ranked.find((r) => r.ci)?.ci?.level ?? 0.95;
  const page = parsePage(sp.page);
  const pageRows = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const classNames = new Map(context.categories.map((c) => [c.cocoId, c.name]));
  const primary = context.evalConfig?.primaryMetric ?? "AP";
  const primaryLabel = /^class:/.test(primary) ? describePrimaryMetric(primary, classNames) : primary;
  const query = { phase: context.phase.slug, split };
  const basePath = `/c/${encodeURIComponent(slug)}/leaderboard`;
  const csvHref = `/api/v1/challenges/${encodeURIComponent(slug)}/phases/${encodeURIComponent(context.phase.slug)}/leaderboard?split=${split}&format=csv`;
  return (
    <LeaderboardFrame access={access} split={split} active="leaderboard">
      <p className="mb-muted mb-small">
        {context.phase.name} · {split} split · ranked by {primaryLabel}
        {context.evalConfig ? ` · evaluation protocol v${context.evalConfig.version}` : ""} · one row per team (its best entry
        {context.phase.maxFinalSelections > 0 ? ", or its best selected final entry once the phase has closed" : ""}) ·{" "}
        <a href={csvHref} download>
          Download CSV
        </a>
      </p>
      {anyTied ? (
        <p className="mb-small mb-muted" data-testid="tied-groups-note">
          A coloured band at the left joins teams that are statistically tied: the {+(level * 100).toFixed(2)}% paired-bootstrap interval of
          their difference with the group&apos;s leader contains 0 (see the challenge&apos;s ranking rule).
        </p>
      ) : null}
      {split === "private" && !context.phase.privateReleased ? (
        <p className="mb-note mb-warn">Organizer view: the private split is not released yet; only organizers see this.</p>
      ) : null}
      <OverallTable
        rows={pageRows}
        slug={slug}
        primaryLabel={primaryLabel}
        protocol={context.evalConfig ?? COCO_METRIC_PROTOCOL}
        showMove={split === "private"}
        ownTeamId={facts.participantTeamId}
        linkSubmissions={context.challenge.publicSubmissionPages || access.isOrganizer}
        sort={sort}
        query={query}
        basePath={basePath}
        statistics={statistics}
      />
      <Pager
        basePath={basePath}
        query={{ ...query, sort: sort.column, dir: sort.direction }}
        page={page}
        pageSize={PAGE_SIZE}
        total={rows.length}
      />
    </LeaderboardFrame>
  );
}
