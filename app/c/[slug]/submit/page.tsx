import Link from "next/link";
import { notFound } from "next/navigation";
import { getViewer } from "@/lib/auth/session";
import { loadSubmitPage } from "@/lib/submissions/submit-page";
import { SubmitForm } from "./submit-form";
import styles from "./submit.module.css";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ phase?: string }> };

function formatDate(d: Date): string {
  return d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export default async function SubmitPage({ params, searchParams }: Props) {
  const [{ slug }, { phase: phaseSlug }] = await Promise.all([params, searchParams]);
  const model = await loadSubmitPage(await getViewer(), slug, phaseSlug);
  if (!model) notFound();
  const { challenge, phase, phases, quota } = model;

  return (
    <main className={styles.page}>
      <p className={styles.crumbs}>
        <Link href={`/c/${challenge.slug}`}>{challenge.title}</Link> / Submit
      </p>
      <h1>Submit results</h1>
      {phases.length > 1 && (
        <nav className={styles.phases} aria-label="Phases">
          {phases.map((p) => (
            <Link key={p.slug} href={`?phase=${p.slug}`} aria-current={p.slug === phase?.slug ? "page" : undefined}>
              {p.name}
              {p.open ? "" : " (closed)"}
            </Link>
          ))}
        </nav>
      )}
      {phase && (
        <p className={styles.window}>
          <strong>{phase.name}</strong>: open from {formatDate(phase.startsAt)} to {formatDate(phase.endsAt)}.
        </p>
      )}
      {quota && (
        <p className={styles.quota}>
          Used today (UTC): {quota.usedToday} of {quota.perDay} · in total: {quota.usedTotal} of {quota.total} · queued or running: {quota.inFlight} of{" "}
          {quota.concurrent}. Files that fail validation do not count.
        </p>
      )}
      {model.isBaseline && <p className={styles.note}>You organize this challenge: your uploads are baselines, exempt from quotas and the phase window.</p>}
      {model.blocked || !phase ? (
        <p className={styles.blocked} role="alert">
          {model.blocked ?? "No phase to submit to."}
        </p>
      ) : (
        <SubmitForm
          uploadUrl={`/api/v1/challenges/${encodeURIComponent(challenge.slug)}/phases/${encodeURIComponent(phase.slug)}/submissions`}
          maxUploadBytes={phase.maxUploadBytes}
          submissionPageBase={`/c/${challenge.slug}/submissions/`}
        />
      )}
      <section className={styles.help}>
        <h2>File format</h2>
        <p>
          A JSON array of detections as pycocotools&apos; <code>loadRes</code> reads them:{" "}
          <code>{`{"image_id", "category_id", "segmentation": {"size": [h, w], "counts": "..."}, "score"}`}</code>. Upload <code>.json</code>,{" "}
          <code>.json.gz</code> or a <code>.zip</code> holding one <code>.json</code>.
        </p>
        <p>
          From a script: <code>curl -H &quot;Authorization: Bearer $MASKBOARD_TOKEN&quot; -F file=@results.json.gz {"<site>"}/api/v1/challenges/{challenge.slug}/phases/{phase?.slug ?? "<phase>"}/submissions</code>
        </p>
      </section>
    </main>
  );
}
