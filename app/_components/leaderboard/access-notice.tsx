import type { LeaderboardAccess } from "@/lib/leaderboard";
import { ChallengeHeader, type ChallengeTab } from "./challenge-header";
import { PhaseSplitPicker } from "./phase-split-picker";

/** Shown instead of a private leaderboard that is not released: what is missing and where the public one is. */
export function AccessNotice(props: { access: LeaderboardAccess; viewerTeam: string | null; message: string; active: ChallengeTab }) {
  const { context } = props.access;
  const basePath = `/c/${encodeURIComponent(context.challenge.slug)}/leaderboard${props.active === "classes" ? "/classes" : ""}`;
  return (
    <div className="mb-page">
      <ChallengeHeader
        slug={context.challenge.slug}
        title={context.challenge.title}
        active={props.active}
        showMySubmissions={props.viewerTeam !== null}
        phaseQuery={context.phase.slug}
      />
      <PhaseSplitPicker
        basePath={basePath}
        phases={context.phases}
        phase={context.phase.slug}
        split="private"
        hasPrivateSplit={context.hasPrivateSplit}
        canSeePrivate={props.access.canSeePrivate}
      />
      <p className="mb-note mb-warn">{props.message}</p>
    </div>
  );
}
