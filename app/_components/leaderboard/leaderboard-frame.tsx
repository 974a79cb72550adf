import type { ReactNode } from "react";
import type { LeaderboardAccess } from "@/lib/leaderboard";
import { ChallengeHeader, type ChallengeTab } from "./challenge-header";
import { PhaseSplitPicker } from "./phase-split-picker";

/** What every leaderboard page starts with: the challenge's header, then the phase and split pickers. */
export function LeaderboardFrame(props: {
  access: LeaderboardAccess;
  split: "public" | "private";
  active: Extract<ChallengeTab, "leaderboard" | "classes">;
  children: ReactNode;
}) {
  const { context, facts, canSeePrivate } = props.access;
  const basePath = `/c/${encodeURIComponent(context.challenge.slug)}/leaderboard${props.active === "classes" ? "/classes" : ""}`;
  return (
    <div className="mb-page">
      <ChallengeHeader
        slug={context.challenge.slug}
        title={context.challenge.title}
        active={props.active}
        showMySubmissions={facts.participantTeamId !== null}
        phaseQuery={context.phase.slug}
      />
      <PhaseSplitPicker
        basePath={basePath}
        phases={context.phases}
        phase={context.phase.slug}
        split={props.split}
        hasPrivateSplit={context.hasPrivateSplit}
        canSeePrivate={canSeePrivate}
      />
      {props.children}
    </div>
  );
}
