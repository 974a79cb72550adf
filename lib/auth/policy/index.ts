// The single import point for authorization rules. Engineers add one file per resource here
// (e.g. submission.ts, leaderboard.ts) and re-export it below.
export * from "./challenge";
export * from "./team";
export * from "./token";
export * from "./participation";
export * from "./submission";
export * from "./private-split";
export * from "./leaderboard";
export * from "./site-admin";
export * from "./queues";
export * from "./account";
