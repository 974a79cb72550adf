import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { env } from "@/lib/config";
import { clientIp } from "@/lib/auth/client-ip";
import { authOptions } from "@/lib/auth/options";
import { authRateLimiter, RateLimitedError } from "@/lib/auth/rate-limit";
import { rateLimitedSignInResponse } from "@/lib/auth/rate-limited-response";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };
const handler = NextAuth(authOptions);

export function GET(req: NextRequest, ctx: Context) {
  return handler(req, ctx);
}

/** Sign-in and sign-up posts are rate-limited here, before next-auth runs, so a refusal can carry Retry-After. */
export async function POST(req: NextRequest, ctx: Context) {
  const [action, providerId] = (await ctx.params).nextauth ?? [];
  if (action === "callback" && (providerId === "credentials" || providerId === "signup")) {
    const form = await req.clone().formData().catch(() => null);
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
