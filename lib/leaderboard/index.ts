// Read models for leaderboards. Pages and the API call authorizeLeaderboard first, then a loader.
export { authorizeLeaderboard, type LeaderboardAccess } from "./access";
export { loadOverallLeaderboard, rankSplit, isPhaseClosed } from "./load-overall";
export { loadClassMatrix, loadClassLeaderboard, type ClassMatrix, type ClassLeaderboard, type MatrixRow } from "./class-view";
export { loadPhaseContext, categoriesForSplit, defaultPhase, type PhaseContext } from "./phase-context";
export * from "./metrics";
export * from "./sort";
export * from "./serialize";
export * from "./groups-view";
export * from "./frequency-groups";
export type * from "./types";
export { loadClassIntervals, type ClassIntervals } from "./load-statistics";
