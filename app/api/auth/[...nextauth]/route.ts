import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { env } from "@/lib/config";
import { clientIp } from "@/lib/auth/client-ip";
import { authOptions } from "@/lib/auth/options";
import { authRateLimiter, RateLimitedError } from "@/lib/auth/rate-limit";
import { rateLimitedSignInResponse } from "@/lib/auth/rate-limited-response";
import { jsonError } from "@/lib/http";
import { readBodyText, RequestBodyTooLargeError, discardBody } from "@/lib/request-body";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };
/** Sign-in, sign-up and sign-out forms are a few fields: anything larger is refused before it is buffered. */
const AUTH_FORM_MAX_BYTES = 64 * 1024;
const handler = NextAuth(authOptions);

export function GET(req: NextRequest, ctx: Context) {
  return handler(req, ctx);
}

/** Sign-in and sign-up posts are rate-limited here, before next-auth runs, so a refusal can carry Retry-After. */
export async function POST(req: NextRequest, ctx: Context) {
  const [action, providerId] = (await ctx.params).nextauth ?? [];
  const clone = req.clone();
  let formText: string;
  try {
    // Not discarded through the clone: its other branch (req) would buffer everything read.
    formText = await readBodyText(clone, AUTH_FORM_MAX_BYTES, { discard: false });
  } catch (err) {
    if (err instanceof RequestBodyTooLargeError) {
      // Drop the clone's branch and read the rest away through req, so the client gets the 413.
      void clone.body?.cancel().catch(() => {});
      await discardBody(req.body);
      return jsonError(413, err.code, err.message);
    }
    throw err;
  }
  if (action === "callback" && (providerId === "credentials" || providerId === "signup")) {
    const contentType = req.headers.get("content-type") ?? "application/x-www-form-urlencoded";
    const form = await new Response(formText, { headers: { "content-type": contentType } }).formData().catch(() => null);
    try {
      const ip = clientIp(req.headers);
      if (providerId === "signup") await authRateLimiter().beforeSignUp(ip);
      else await authRateLimiter().beforeSignIn(ip, String(form?.get("email") ?? ""));
    } catch (err) {
      if (err instanceof RateLimitedError) return rateLimitedSignInResponse(err, form?.get("json") === "true", env.NEXTAUTH_URL);
      throw err;
    }
  }
  return handler(req, ctx);
}
