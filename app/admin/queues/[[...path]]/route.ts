import { apiErrorResponse, notFound } from "@/lib/auth/errors";
import { canOperateQueues } from "@/lib/auth/policy";
import { authenticateRequest } from "@/lib/auth/request";
import { bullBoardApp } from "@/lib/scheduling/bull-board";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Bull Board for site admins (others get 404, as /admin/users); cookie-authenticated changes must be same-site. */
async function handle(req: Request): Promise<Response> {
  try {
    const viewer = await authenticateRequest(req);
    if (!canOperateQueues(viewer)) throw notFound("Page not found.");
    return await bullBoardApp().fetch(req);
  } catch (err) {
    return apiErrorResponse(err);
  }
}

export { handle as GET, handle as POST, handle as PUT, handle as DELETE };
