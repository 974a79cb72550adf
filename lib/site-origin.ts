import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/config";

/**
 * The origin this request reached ("https://maskboard.example.org"), for copyable commands: the
 * proxy's X-Forwarded-Host/-Proto, else Host, else NEXTAUTH_URL. Only shown back to the requester.
 */
export async function siteOrigin(): Promise<string> {
  const h = await headers();
  const host = (h.get("x-forwarded-host") ?? h.get("host") ?? "").split(",")[0].trim();
  if (!/^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9a-fA-F:]+\](:\d+)?$/.test(host)) return new URL(env.NEXTAUTH_URL).origin;
  const proto = (h.get("x-forwarded-proto") ?? "").split(",")[0].trim();
  const scheme = proto === "https" || proto === "http" ? proto : new URL(env.NEXTAUTH_URL).protocol.replace(":", "");
  return `${scheme}://${host}`;
}
