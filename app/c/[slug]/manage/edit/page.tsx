import type { Metadata } from "next";
import { prisma } from "@/lib/db";
import { addOrganizerAction, setStatusAction, updateChallengeAction } from "../actions";
import { ChallengeFields } from "../_components/challenge-fields";
import { HiddenContext } from "../_components/hidden-context";
import { FieldError, OrganizerForm, SubmitButton } from "../_components/organizer-form";
import { ManageNav } from "../_components/manage-nav";
import { Notice, type NoticeParams } from "../_components/notice";
import { requireOrganizer } from "../_components/require-organizer";
import "../../../../manage.css";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const p = await params;
  return { title: `Challenge settings · ${p.slug}` };
}

const NEXT_STATUS: Record<string, { status: string; label: string; hint: string } | null> = {
  DRAFT: { status: "PUBLISHED", label: "Publish", hint: "Published challenges are visible to everyone; teams can register and submit." },
  PUBLISHED: { status: "ARCHIVED", label: "Archive", hint: "Archived challenges stay visible but accept no more submissions." },
  ARCHIVED: null,
};

export default async function EditChallengePage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: NoticeParams;
}) {
  const { slug } = await params;
  const path = `/c/${slug}/manage/edit`;
  const { facts } = await requireOrganizer(slug, path);
  const { ok, error } = await searchParams;
  const challenge = await prisma.challenge.findUniqueOrThrow({
    where: { id: facts.challengeId },
    include: {
      phases: { orderBy: { position: "asc" }, select: { slug: true, name: true } },
      organizers: { include: { user: { select: { email: true, name: true } } }, orderBy: { addedAt: "asc" } },
    },
  });
  const next = NEXT_STATUS[challenge.status];
  return (
    <div className="mo-manage">
      <ManageNav slug={slug} title={challenge.title} status={challenge.status} phases={challenge.phases} active="edit" />
      <Notice ok={ok} error={error} />
      <section className="mo-section">
        <h2>Status</h2>
        <p>
          Challenges go DRAFT → PUBLISHED → ARCHIVED. This one is <strong>{challenge.status}</strong>.
        </p>
        {next ? (
          <form action={setStatusAction} className="mo-actions">
            <HiddenContext slug={slug} back={path} />
            <input type="hidden" name="status" value={next.status} />
            <button type="submit">{next.label}</button>
            <span className="mo-hint">{next.hint}</span>
          </form>
        ) : null}
      </section>
      <section className="mo-section">
        <h2>Details</h2>
        <OrganizerForm action={updateChallengeAction} aria-label="Challenge details">
          <HiddenContext slug={slug} back={path} />
          <ChallengeFields value={challenge} />
          <SubmitButton>Save</SubmitButton>
        </OrganizerForm>
      </section>
      <section className="mo-section">
        <h2>Challenge as a file</h2>
        <p>
          <a href={`/api/v1/challenges/${encodeURIComponent(slug)}/definition`} download>
            Download the definition as YAML
          </a>{" "}
          (challenge, phases, protocols, split settings; no submissions, no ground truth) to keep it under version control. Import it with{" "}
          <code>npm run admin -- import-challenge FILE [--ground-truth PHASE=PATH ...]</code>.
        </p>
      </section>
      <section className="mo-section">
        <h2>Organizers</h2>
        <ul>
          {challenge.organizers.map((o) => (
            <li key={o.userId}>
              {o.user.name ? `${o.user.name} — ` : ""}
              {o.user.email}
            </li>
          ))}
        </ul>
        <OrganizerForm action={addOrganizerAction} aria-label="Add an organizer">
          <HiddenContext slug={slug} back={path} />
          <label>
            Add a co-organizer by e-mail <span className="mo-hint">they need an account</span>
            <input type="email" name="email" required />
            <FieldError name="email" />
          </label>
          <SubmitButton>Add organizer</SubmitButton>
        </OrganizerForm>
      </section>
    </div>
  );
}
