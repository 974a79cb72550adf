import "@/app/leaderboard.css";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { getViewer } from "@/lib/auth/session";
import { loadSubmitPage } from "@/lib/submissions/submit-page";
import { ChallengeHeader } from "@/app/_components/leaderboard/challenge-header";
import { formatDate } from "@/app/_components/leaderboard/query";
import { SubmitForm } from "./submit-form";
import styles from "./submit.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Submit results" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ phase?: string }> };

export default async function SubmitPage({ params, searchParams }: Props) {
  const [{ slug }, { phase: phaseSlug }] = await Promise.all([params, searchParams]);
  const model = await loadSubmitPage(await getViewer(), slug, phaseSlug);
  if (!model) notFound();
  const { challenge, phase, phases, quota } = model;
  const base = `/c/${encodeURIComponent(challenge.slug)}`;

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
              {p.open ? "" : " (closed)"}
            </Link>
          ))}
        </nav>
      )}
      <div className={styles.column}>
        {phase && (
          <p>
            <strong>{phase.name}</strong>: open from {formatDate(phase.startsAt)} to {formatDate(phase.endsAt)}.
          </p>
        )}
        {quota && (
          <p className="mb-muted mb-small">
            Used today (UTC): {quota.usedToday} of {quota.perDay} · in total: {quota.usedTotal} of {quota.total} · queued or running:{" "}
            {quota.inFlight} of {quota.concurrent}. Files that fail validation do not count.
          </p>
        )}
        {model.isBaseline && (
          <p className="mb-note">You organize this challenge: your uploads are baselines, exempt from quotas and the phase window.</p>
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
          <pre>
            <code>{`curl -H "Authorization: Bearer $MASKBOARD_TOKEN" -F file=@results.json.gz \\\n  <site>/api/v1/challenges/${challenge.slug}/phases/${phase?.slug ?? "<phase>"}/submissions`}</code>
          </pre>
        </section>
      </div>
    </div>
  );
}
