import "@/app/leaderboard.css";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { getViewer } from "@/lib/auth/session";
import { loadSubmitPage } from "@/lib/submissions/submit-page";
import { ChallengeHeader } from "@/app/_components/leaderboard/challenge-header";
import { loadChallengeOverview } from "@/lib/challenges-public/overview";
import { PhaseStateNote } from "@/app/_components/phase-state-note";
import { AutoRefresh } from "@/app/_components/auto-refresh";
import { CopyableCommand } from "@/app/_components/copyable-command";
import { siteOrigin } from "@/lib/site-origin";
import { SubmitForm } from "./submit-form";
import styles from "./submit.module.css";

export const dynamic = "force-dynamic";
type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ phase?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const c = await loadChallengeOverview(slug);
  return { title: `Submit · ${c && c.status !== "DRAFT" ? c.title : slug}` };
}

export default async function SubmitPage({ params, searchParams }: Props) {
  const [{ slug }, { phase: phaseSlug }] = await Promise.all([params, searchParams]);
  const model = await loadSubmitPage(await getViewer(), slug, phaseSlug);
  if (!model) notFound();
  const { challenge, phase, phases, quota } = model;
  const base = `/c/${encodeURIComponent(challenge.slug)}`;
  const origin = await siteOrigin();

  return (
    <div className="mb-page">
      <ChallengeHeader
        slug={challenge.slug}
        title={challenge.title}
        active="submit"
        showMySubmissions={model.isParticipant}
        phaseQuery={phase?.slug}
      />
      {phases.length > 1 && (
        <nav className="mb-pills" aria-label="Phases">
          <span className="mb-pills-label">Phase</span>
          {phases.map((p) => (
            <Link
              key={p.slug}
              href={`${base}/submit?phase=${encodeURIComponent(p.slug)}`}
              aria-current={p.slug === phase?.slug ? "true" : undefined}
            >
              {p.name}
              {p.state === "closed" ? " (closed)" : p.state === "late" ? " (late entries)" : p.state === "upcoming" ? " (upcoming)" : ""}
            </Link>
          ))}
        </nav>
      )}
      <div className={styles.column}>
        {phase && <PhaseStateNote phase={phase} state={phase.state} />}
        {quota && (
          <p className="mb-muted mb-small" data-testid="quota">
            Used today (UTC): {quota.usedToday} of {quota.perDay} · in total: {quota.usedTotal} of {quota.total} · queued or running:{" "}
            {quota.inFlight} of {quota.concurrent}. Files that fail validation and cancelled submissions do not count.
          </p>
        )}
        {quota ? <AutoRefresh active={quota.inFlight > 0} seconds={5} label="The quota line updates while your submissions run" /> : null}
        {model.isBaseline && (
          <p className="mb-note">
            You organize this challenge: your uploads are exempt from quotas and the phase window. They are private test entries, visible to
            organizers only, unless you tick &ldquo;Show as a baseline&rdquo;.
          </p>
        )}
        {model.blocked || !phase ? (
          <p className="mb-note mb-warn" role="alert">
            {model.blocked ?? "No phase to submit to."}{" "}
            {model.blocked && !model.isParticipant ? <Link href={base}>Go to the challenge page</Link> : null}
          </p>
        ) : (
          <SubmitForm
            uploadUrl={`/api/v1/challenges/${encodeURIComponent(challenge.slug)}/phases/${encodeURIComponent(phase.slug)}/submissions`}
            maxUploadBytes={phase.maxUploadBytes}
            submissionPageBase={`${base}/submissions/`}
            disabledReason={model.quotaReached}
            offerBaseline={model.isBaseline}
            late={!model.isBaseline && phase.state === "late"}
          />
        )}
        <section className={styles.help}>
          <h2>File format</h2>
          <p>
            A JSON array of detections as pycocotools&apos; <code>loadRes</code> reads them:{" "}
            <code>{`{"image_id", "category_id", "segmentation": {"size": [h, w], "counts": "..."}, "score"}`}</code>. Upload{" "}
            <code>.json</code>, <code>.json.gz</code> or a <code>.zip</code> holding one <code>.json</code>.
          </p>
          <p>
            From a script (with a token from <Link href="/settings/tokens">API tokens</Link>):
          </p>
          <CopyableCommand
            label="the curl command that submits a file"
            command={`curl -H "Authorization: Bearer $MASKBOARD_TOKEN" -F file=@results.json.gz \\\n  ${origin}/api/v1/challenges/${challenge.slug}/phases/${phase?.slug ?? "<phase>"}/submissions`}
          />
          <p>
            Then follow it (the answer's <code>id</code>) and download your file again later:
          </p>
          <CopyableCommand
            label="the curl commands that follow a submission"
            command={`curl -H "Authorization: Bearer $MASKBOARD_TOKEN" ${origin}/api/v1/submissions/<id>\ncurl -H "Authorization: Bearer $MASKBOARD_TOKEN" -OJ ${origin}/api/v1/submissions/<id>/file`}
          />
          <p>
            Every endpoint: <Link href="/docs/api">API documentation</Link>.
          </p>
        </section>
      </div>
    </div>
  );
}
