import { isAdmin, type Viewer } from "../viewer";

/**
 * The queue dashboard (Bull Board at /admin/queues): site admins only. The queues are shared by every
 * challenge and the dashboard can retry, remove and pause jobs, so an organizer of one challenge must
 * not operate them. Organizers see their challenge's live counts and the worker heartbeats on its
 * dashboard instead (lib/scheduling/position.ts queueOverview).
 */
export function canOperateQueues(viewer: Viewer): boolean {
  return isAdmin(viewer);
}
