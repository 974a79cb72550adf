import type { Metadata } from "next";
import { prisma } from "@/lib/db";
import { savePhaseAction } from "../../actions";
import { HiddenContext } from "../../_components/hidden-context";
import { OrganizerForm, SubmitButton } from "../../_components/organizer-form";
import { ManageNav } from "../../_components/manage-nav";
import { Notice, type NoticeParams } from "../../_components/notice";
import { PhaseFields } from "../../_components/phase-fields";
import { requireOrganizer } from "../../_components/require-organizer";
import "../../../../../manage.css";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const p = await params;
  return { title: `New phase · ${p.slug}` };
}

export default async function NewPhasePage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: NoticeParams }) {
  const { slug } = await params;
  const path = `/c/${slug}/manage/phases/new`;
  const { facts } = await requireOrganizer(slug, path);
  const { ok, error } = await searchParams;
  const challenge = await prisma.challenge.findUniqueOrThrow({
    where: { id: facts.challengeId },
    include: { phases: { orderBy: { position: "asc" }, select: { slug: true, name: true } } },
  });
  return (
    <div className="mo-manage">
      <ManageNav slug={slug} title={challenge.title} status={challenge.status} phases={challenge.phases} active="new-phase" />
      <Notice ok={ok} error={error} />
      <h2>New phase</h2>
      <OrganizerForm action={savePhaseAction} aria-label="New phase">
        <HiddenContext slug={slug} back={path} phase="" />
        <PhaseFields now={new Date()} />
        <p className="mo-hint">
          The phase starts with the COCO protocol (config version 1) and a 50% public split; change both after uploading the ground truth.
        </p>
        <SubmitButton>Create phase</SubmitButton>
      </OrganizerForm>
    </div>
  );
}
