/** What decides whether a phase's private-split scores are visible beyond the organizers. */
export type PrivateReleaseFacts = {
  privateReleased: boolean;
  autoReleasePrivate: boolean;
  endsAt: Date;
};

/**
 * The private split is released when an organizer released it, or automatically once the phase has
 * ended if the organizers asked for that. Until then only organizers see private numbers.
 */
export function isPrivateReleased(phase: PrivateReleaseFacts, now: Date = new Date()): boolean {
  if (phase.privateReleased) return true;
  return phase.autoReleasePrivate && now.getTime() >= phase.endsAt.getTime();
}
