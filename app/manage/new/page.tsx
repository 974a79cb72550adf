import type { Metadata } from "next";
import { forbidden, redirect } from "next/navigation";
import { getViewer } from "@/lib/auth/session";
import { canCreateChallenge } from "@/lib/auth/policy";
import { createChallengeAction } from "@/app/c/[slug]/manage/actions";
import { ChallengeFields } from "@/app/c/[slug]/manage/_components/challenge-fields";
import { OrganizerForm, SubmitButton } from "@/app/c/[slug]/manage/_components/organizer-form";
import { Notice, type NoticeParams } from "@/app/c/[slug]/manage/_components/notice";
import "../../manage.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Create a challenge" };

export default async function NewChallengePage({ searchParams }: { searchParams: NoticeParams }) {
  const viewer = await getViewer();
  if (!viewer.userId) redirect("/signin?callbackUrl=/manage/new");
  // Same answer as POST /api/v1/challenges; app/forbidden.tsx says how to get the right.
  if (!canCreateChallenge(viewer)) forbidden();
  const { ok, error } = await searchParams;
  return (
    <div className="mo-manage">
      <h1>Create a challenge</h1>
      <Notice ok={ok} error={error} />
      <OrganizerForm action={createChallengeAction} aria-label="New challenge">
        <ChallengeFields />
        <p className="mo-hint">The challenge starts as a draft, visible only to its organizers, until you publish it.</p>
        <SubmitButton>Create challenge</SubmitButton>
      </OrganizerForm>
    </div>
  );
}
