import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/config";
import type { Viewer } from "@/lib/auth/viewer";

// The outcome of a form (server action) travels to the page it redirects to as ?ok= / ?error=. Pages
// must not print query text as it comes: a link could make them show any text on this domain
// (phishing). A notice is therefore the text with a MAC bound to its kind and to the viewer it was
// written for; pages show only notices that verify (readNotice), so the server wrote each one, for them.

export type NoticeKind = "ok" | "error";

const KEY = createHmac("sha256", env.NEXTAUTH_SECRET).update("maskboard notices v1").digest();

function mac(viewer: Viewer, kind: NoticeKind, text: string): string {
  return createHmac("sha256", KEY)
    .update(`${viewer.userId ?? ""}\0${kind}\0${text}`)
    .digest("base64url")
    .slice(0, 22);
}

/** The value of ?ok= / ?error= carrying `text` for this viewer. */
export function signNotice(viewer: Viewer, kind: NoticeKind, text: string): string {
  return `${mac(viewer, kind, text)}.${text}`;
}

/** The text of a notice this server wrote for this viewer, or null (missing, forged, someone else's). */
export function readNotice(viewer: Viewer, kind: NoticeKind, value: string | string[] | undefined): string | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return null;
  const dot = raw.indexOf(".");
  if (dot <= 0) return null;
  const given = Buffer.from(raw.slice(0, dot));
  const text = raw.slice(dot + 1);
  const expected = Buffer.from(mac(viewer, kind, text));
  return given.length === expected.length && timingSafeEqual(given, expected) ? text : null;
}
