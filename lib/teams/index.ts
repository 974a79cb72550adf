export { createTeam, type CreatedTeam } from "./create-team";
export { createInvite, revokeInvite, listInvites, INVITE_DEFAULT_HOURS, type CreatedInvite, type InviteSummary } from "./invites";
export { joinTeamWithCode, previewInvite, type InvitePreview } from "./join";
export { leaveTeam, removeMember, transferOwnership } from "./membership";
export { registerTeamForChallenge, type Registration } from "./register";
export { listChallengesOpenToTeam, listTeamsOfUser, loadTeamPage, type TeamPage } from "./queries";
export { listHeldParticipations, releaseHeldParticipation, type HeldParticipation } from "./release";
