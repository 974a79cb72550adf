import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { SESSION_COOKIE_NAME, viewerFromSessionToken } from "./session-cookie";
import type { Viewer } from "./viewer";

/** The viewer of the current page or server action (from the next-auth JWT session cookie); cached per request. */
export const getViewer: () => Promise<Viewer> = cache(async () => {
  const jar = await cookies();
  return viewerFromSessionToken(jar.get(SESSION_COOKIE_NAME)?.value);
});
