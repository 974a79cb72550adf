import { notFound } from "next/navigation";
import type { ReactElement } from "react";
import { getViewer } from "@/lib/auth/session";
import { AuthError } from "@/lib/auth/errors";
import { authorizeLeaderboard, type LeaderboardAccess } from "@/lib/leaderboard";
import { LeaderboardFrame } from "./leaderboard-frame";
import { first, parseSplit } from "./query";

type SearchParams = Record<string, string | string[] | undefined>;
export type LeaderboardPageAccess = { access: LeaderboardAccess; split: "public" | "private" } | { notice: ReactElement };

/**
 * The viewer's access to a leaderboard page (from its ?phase and ?split): a 404 for what they may not know
 * exists; for an unreleased private split, a notice saying so, with the public split one click away.
 */
export async function authorizeLeaderboardPage(
  slug: string,
  sp: SearchParams,
  active: "leaderboard" | "classes",
): Promise<LeaderboardPageAccess> {
  const split = parseSplit(sp.split);
  const viewer = await getViewer();
  try {
    return { access: await authorizeLeaderboard(viewer, slug, first(sp.phase), split), split };
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    if (err.status === 404) notFound();
    const publicAccess = await authorizeLeaderboard(viewer, slug, first(sp.phase), "public");
    return {
      notice: (
        <LeaderboardFrame access={publicAccess} split="private" active={active}>
          <p className="mb-note mb-warn">{err.message}</p>
        </LeaderboardFrame>
      ),
    };
  }
}
