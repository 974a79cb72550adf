import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { prisma } from "@/lib/db";
import { currentEvalConfig, evalConfigVersionStatus } from "@/lib/challenges/eval-config";
import { protocolOfRow } from "@/lib/challenges/eval-params";
import { groundTruthSummary } from "@/lib/challenges/ground-truth";
import { DEFAULT_PROTOCOL } from "@/lib/challenges/protocol";
import { reevaluatePhaseAction, releasePrivateAction, savePhaseAction } from "../../actions";
import { GroundTruthUpload } from "../../_components/ground-truth-upload";
import { HiddenContext } from "../../_components/hidden-context";
import { OrganizerForm, SubmitButton } from "../../_components/organizer-form";
import { ManageNav } from "../../_components/manage-nav";
import { Notice, type NoticeParams } from "../../_components/notice";
import { PhaseFields } from "../../_components/phase-fields";
import { ProtocolForm } from "../../_components/protocol-form";
import { requireOrganizer } from "../../_components/require-organizer";
import { SplitForm } from "../../_components/split-form";
import { SafeguardedAction } from "../../_components/safeguarded-action";
import "../../../../../manage.css";
import { ScrollTable } from "@/app/_components/table/scroll-table";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ slug: string; phase: string }> }): Promise<Metadata> {
  const p = await params;
  return { title: `Phase ${p.phase} · ${p.slug}` };
}

type Sizes = { small: number; medium: number; large: number };

export default async function PhasePage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; phase: string }>;
  searchParams: NoticeParams;
}) {
  const { slug, phase: phaseSlug } = await params;
  const path = `/c/${slug}/manage/phases/${phaseSlug}`;
  const { facts } = await requireOrganizer(slug, path);
  const { ok, error } = await searchParams;
  const now = new Date();
  const challenge = await prisma.challenge.findUniqueOrThrow({
    where: { id: facts.challengeId },
    include: { phases: { orderBy: { position: "asc" } } },
  });
  const phase = challenge.phases.find((p) => p.slug === phaseSlug);
  if (!phase) notFound();

  const [gt, config, versions, submissions] = await Promise.all([
    groundTruthSummary(phase.id),
    currentEvalConfig(prisma, phase.id),
    evalConfigVersionStatus(phase.id),
    prisma.submission.count({ where: { phaseId: phase.id, status: { not: "CANCELLED" } } }),
  ]);
  const publicImageIds =
    phase.splitMode === "LIST" && gt
      ? (
          await prisma.imageSplit.findMany({
            where: { groundTruth: { phaseId: phase.id }, split: "PUBLIC" },
            select: { imageId: true },
            orderBy: { imageId: "asc" },
          })
        ).map((r) => r.imageId)
      : [];
  const protocol = config ? protocolOfRow(config) : DEFAULT_PROTOCOL;
  const sizes = (gt?.summary as { sizes?: Sizes } | null)?.sizes;

  return (
    <div className="mo-manage">
      <ManageNav slug={slug} title={challenge.title} status={challenge.status} phases={challenge.phases} active={`phase:${phase.slug}`} />
      <Notice ok={ok} error={error} />

      <section className="mo-section">
        <h2>Ground truth</h2>
        {gt ? (
          <>
            <div className="mo-cards">
              <div className="mo-card">
                <strong>{gt.numImages}</strong> images
              </div>
              <div className="mo-card">
                <strong>{gt.numInstances}</strong> instances
              </div>
              <div className="mo-card">
                <strong>{gt.numCrowd}</strong> crowd regions
              </div>
              <div className="mo-card">
                <strong>
                  {gt.publicImages} / {gt.privateImages}
                </strong>{" "}
                public / private images
              </div>
              {sizes ? (
                <div className="mo-card">
                  <strong>
                    {sizes.small} / {sizes.medium} / {sizes.large}
                  </strong>{" "}
                  small / medium / large
                </div>
              ) : null}
            </div>
            <ScrollTable label="Instances per class" sticky={1}>
              <table className="mo-table" aria-label="Instances per class">
                <thead>
                  <tr>
                    <th>Id</th>
                    <th>Class</th>
                    <th className="mo-num">Instances</th>
                    <th className="mo-num">Public split</th>
                    <th className="mo-num">Private split</th>
                  </tr>
                </thead>
                <tbody>
                  {gt.categories.map((c) => (
                    <tr key={c.cocoId}>
                      <td>{c.cocoId}</td>
                      <td>{c.name}</td>
                      <td className="mo-num">{c.instanceCount}</td>
                      <td className="mo-num">{c.publicCount}</td>
                      <td className="mo-num">{c.privateCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
            <p className="mo-hint">
              sha256 {gt.sha256.slice(0, 16)}…, {(gt.byteSize / 1024 / 1024).toFixed(1)} MiB. The file is never downloadable, by anyone.
            </p>
          </>
        ) : (
          <p>No ground truth yet: participants cannot be scored until you upload one.</p>
        )}
        <GroundTruthUpload slug={slug} phase={phase.slug} hasGroundTruth={gt !== null} submissions={submissions} />
      </section>

      <section className="mo-section">
        <h2>Public/private split</h2>
        <SplitForm
          slug={slug}
          phase={phase.slug}
          back={path}
          mode={phase.splitMode}
          publicPercent={phase.splitPublicPercent}
          seed={phase.splitSeed}
          publicImageIds={publicImageIds}
        />
        {phase.privateReleased ? (
          <p>
            The private split was released{" "}
            {phase.privateReleasedAt ? `on ${phase.privateReleasedAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""}.
          </p>
        ) : (
          <div className="mo-actions">
            <SafeguardedAction
              action={releasePrivateAction}
              slug={slug}
              back={path}
              phase={phase}
              now={now}
              label="Release the private split now"
              consequence={`Private-split scores of ${phase.name} become visible to every participant and the public. This cannot be undone.`}
              confirmText="I want to publish the private-split scores."
              openWarning="teams could then tune their models on the private split."
            />
            <span className="mo-hint">
              {phase.autoReleasePrivate
                ? "It is released automatically when the phase ends."
                : "Until then only organizers see private scores."}
            </span>
          </div>
        )}
      </section>

      <section className="mo-section">
        <h2>
          Evaluation protocol <span className="mo-hint">config version {versions.currentVersion ?? "—"}</span>
        </h2>
        {versions.outdated.length > 0 ? (
          <div className="mo-warning" role="status">
            <p>
              <strong>{versions.outdated.length}</strong> submission(s) were scored with an older config version; the leaderboard shows only
              version {versions.currentVersion} scores.
            </p>
            <SafeguardedAction
              action={reevaluatePhaseAction}
              slug={slug}
              back={path}
              phase={phase}
              now={now}
              label={`Re-evaluate all with version ${versions.currentVersion}`}
              consequence={`Every finished and failed submission of ${phase.name} is evaluated again with config version ${versions.currentVersion}; scores may change.`}
              confirmText="I want to re-run every submission of this phase."
              openWarning="teams' scores would change while they are still competing."
            />
          </div>
        ) : versions.inFlight > 0 ? (
          <p role="status">{versions.inFlight} submission(s) queued or running.</p>
        ) : (
          <p>All scored submissions use the current version.</p>
        )}
        <ProtocolForm slug={slug} phase={phase.slug} back={path} protocol={protocol} categories={gt?.categories ?? []} />
      </section>

      <section className="mo-section">
        <h2>Phase settings</h2>
        <OrganizerForm action={savePhaseAction} aria-label="Phase settings">
          <HiddenContext slug={slug} back={path} phase={phase.slug} />
          <PhaseFields value={phase} now={new Date()} />
          <SubmitButton>Save phase</SubmitButton>
        </OrganizerForm>
      </section>
    </div>
  );
}
