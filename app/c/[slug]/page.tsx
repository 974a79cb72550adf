import "@/app/leaderboard.css";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";
import { getViewer } from "@/lib/auth/session";
import { loadChallengeFacts } from "@/lib/auth/facts";
import { canManageChallenge, canViewChallenge, canViewLeaderboard } from "@/lib/auth/policy";
import { loadChallengeOverview } from "@/lib/challenges-public/overview";
import { nextParticipationStep } from "@/lib/challenges-public/participation";
import { describeProtocol } from "@/lib/challenges-public/protocol-text";
import { COCO_METRIC_PROTOCOL, describePrimaryMetric, loadOverallLeaderboard, loadPhaseContext, metricGlossary } from "@/lib/leaderboard";
import { rankingRuleText } from "@/lib/leaderboard/ranking";
import { ChallengeHeader } from "@/app/_components/leaderboard/challenge-header";
import { OverallTable } from "@/app/_components/leaderboard/overall-table";
import { ParticipationPanel } from "./participation-panel";
import { formatDate, formatDay } from "@/app/_components/leaderboard/query";
import { ScrollTable } from "@/app/_components/table/scroll-table";
import { phaseState } from "@/lib/submissions/phase-window";

const PHASE_STATE_LABEL = { upcoming: "upcoming", open: "open", late: "closed · late entries accepted", closed: "closed" } as const;

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const c = await loadChallengeOverview(slug);
  return { title: c && c.status !== "DRAFT" ? c.title : "Challenge" };
}

const TOP_ROWS = 10;

export default async function ChallengeOverviewPage({ params }: Props) {
  const { slug } = await params;
  const viewer = await getViewer();
  const challenge = await loadChallengeOverview(slug);
  if (!challenge) notFound();
  const facts = await loadChallengeFacts(viewer, challenge.id);
  if (!facts || !canViewChallenge(viewer, facts)) notFound();

  const now = new Date();
  const context = await loadPhaseContext(slug, undefined, now);
  const showTop = context && canViewLeaderboard(viewer, facts, context.phase);
  const topRows = showTop && context ? (await loadOverallLeaderboard(context, "public", now)).slice(0, TOP_ROWS) : [];
  const classNames = new Map((context?.categories ?? []).map((c) => [c.cocoId, c.name]));
  const protocol = context?.evalConfig ? describeProtocol(context.evalConfig, classNames) : null;
  const primary = context?.evalConfig?.primaryMetric ?? "AP";
  const step = await nextParticipationStep(viewer, facts);
  const primaryLabel = /^class:/.test(primary) ? describePrimaryMetric(primary, classNames) : primary;
  const glossary = metricGlossary(context?.evalConfig ?? COCO_METRIC_PROTOCOL);

  return (
    <div className="mb-page">
      <ChallengeHeader
        slug={slug}
        title={challenge.title}
        summary={challenge.summary}
        active="overview"
        showMySubmissions={facts.participantTeamId !== null}
      />
      {challenge.status === "DRAFT" ? <p className="mb-note mb-warn">Draft: only organizers see this challenge.</p> : null}
      <ParticipationPanel step={step} slug={slug} phaseSlug={context?.phase.slug} />
      <div className="mb-grid-2">
        <section>
          <h2>About</h2>
          <div className="mb-markdown">
            {/* Markdown without raw HTML: react-markdown escapes HTML unless rehype-raw is added, and we never add it. */}
            <ReactMarkdown remarkPlugins={[remarkGfm]}>{challenge.description || "_No description yet._"}</ReactMarkdown>
          </div>
          {challenge.rules ? (
            <>
              <h2>Rules</h2>
              <div className="mb-markdown">
                <ReactMarkdown remarkPlugins={[remarkGfm]}>{challenge.rules}</ReactMarkdown>
              </div>
            </>
          ) : null}
        </section>
        <section>
          <h2>Phases</h2>
          <ScrollTable label="Phases" sticky={1}>
            <table className="mb-table">
              <thead>
                <tr>
                  <th scope="col" className="mb-left">
                    Phase
                  </th>
                  <th scope="col" className="mb-left">
                    Dates (UTC)
                  </th>
                  <th scope="col" title="Submissions allowed per team: per UTC day / in total">
                    Quota
                  </th>
                  <th scope="col" title="Team submissions that were not cancelled">
                    Entries
                  </th>
                </tr>
              </thead>
              <tbody>
                {challenge.phases.map((p) => {
                  const state = phaseState(p, now);
                  return (
                    <tr key={p.id}>
                      <td className="mb-left">
                        <Link href={`/c/${encodeURIComponent(slug)}/leaderboard?phase=${encodeURIComponent(p.slug)}`}>{p.name}</Link>
                        <span className={`mb-badge ${state === "open" ? "mb-badge-ok" : ""}`}>{PHASE_STATE_LABEL[state]}</span>
                      </td>
                      <td className="mb-left mb-wrap" title={`${formatDate(p.startsAt)} to ${formatDate(p.endsAt)}`}>
                        <span className="mb-nowrap">{formatDay(p.startsAt)} –</span>{" "}
                        <span className="mb-nowrap">{formatDay(p.endsAt)}</span>
                      </td>
                      <td>
                        {p.maxSubmissionsPerDay}/day · {p.maxSubmissionsTotal} total
                      </td>
                      <td>{p.submissions}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollTable>
          <p className="mb-muted mb-small">
            {challenge.teams} registered team{challenge.teams === 1 ? "" : "s"} · {challenge.submissions} submission
            {challenge.submissions === 1 ? "" : "s"} (team submissions that were not cancelled).
          </p>
          {protocol && context ? (
            <>
              <h2>Evaluation protocol</h2>
              <p className="mb-muted mb-small">
                {context.phase.name}, protocol version {context.evalConfig?.version}. Scores are COCO&apos;s, computed by an exact
                TypeScript port of COCOeval.
              </p>
              <dl className="mb-facts" data-testid="protocol">
                {protocol.map((p) => (
                  <div key={p.label} style={{ display: "contents" }}>
                    <dt>{p.label}</dt>
                    <dd>{p.text}</dd>
                  </div>
                ))}
              </dl>
            </>
          ) : null}
          {context ? (
            <>
              <h2 id="ranking">Ranking</h2>
              <p className="mb-small" data-testid="ranking-rule">
                {rankingRuleText(primaryLabel, context.evalConfig?.metric === "COCO" ? context.evalConfig.statistics : undefined)}
              </p>
              <h2 id="metrics">Metrics</h2>
              <dl className="mb-facts" data-testid="metrics-glossary">
                {glossary.map((m) => (
                  <div key={m.key} style={{ display: "contents" }}>
                    <dt>{m.label}</dt>
                    <dd>{m.text}</dd>
                  </div>
                ))}
              </dl>
            </>
          ) : null}
        </section>
      </div>
      {showTop && context ? (
        <section>
          <h2>
            Top of the leaderboard <span className="mb-muted mb-small">({context.phase.name}, public split)</span>
          </h2>
          <OverallTable
            rows={topRows}
            slug={slug}
            primaryLabel={primaryLabel}
            protocol={context.evalConfig ?? COCO_METRIC_PROTOCOL}
            showMove={false}
            ownTeamId={facts.participantTeamId}
            linkSubmissions={context.challenge.publicSubmissionPages || canManageChallenge(viewer, facts)}
          />
          <p>
            <Link href={`/c/${encodeURIComponent(slug)}/leaderboard?phase=${encodeURIComponent(context.phase.slug)}`}>
              Full leaderboard →
            </Link>
          </p>
        </section>
      ) : null}
    </div>
  );
}
