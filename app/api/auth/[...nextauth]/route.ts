import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { env } from "@/lib/config";
import { clientIp } from "@/lib/auth/client-ip";
import {
  attemptFromFields,
  credentialsFormBody,
  CredentialsRequestError,
  parseCredentialsForm,
  withCredentialAttempt,
} from "@/lib/auth/credentials-request";
import { authOptions } from "@/lib/auth/options";
import { authRateLimiter, RateLimitedError } from "@/lib/auth/rate-limit";
import { rateLimitedSignInResponse } from "@/lib/auth/rate-limited-response";
import { jsonError } from "@/lib/http";
import { readBodyText, RequestBodyTooLargeError } from "@/lib/request-body";
import { sameSiteTarget } from "@/lib/same-site-path";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };
/** Sign-in, sign-up and sign-out forms are a few fields: anything larger is refused before it is buffered. */
const AUTH_FORM_MAX_BYTES = 64 * 1024;
// next-auth 4 types its App Router handler as any: this is the shape Next calls it with.
const handler = NextAuth(authOptions) as (req: NextRequest, ctx: Context) => Promise<Response>;

/**
 * The request URL with a `callbackUrl` query parameter that leads off this site (or cannot be parsed,
 * or is repeated) replaced by "/": next-auth answers such a value with a 500 (or its error page).
 */
function safeCallbackUrl(url: string): string {
  const parsed = new URL(url);
  const values = parsed.searchParams.getAll("callbackUrl");
  if (values.length === 0) return url;
  if (values.length === 1 && sameSiteTarget(values[0], new URL(env.NEXTAUTH_URL).origin)) return url;
  parsed.searchParams.set("callbackUrl", "/");
  return parsed.toString();
}

export function GET(req: NextRequest, ctx: Context) {
  const url = safeCallbackUrl(req.url);
  return handler(url === req.url ? req : new NextRequest(url, { method: req.method, headers: req.headers }), ctx);
}

/** The same request with `body` (already read from it) as its body. */
function withBody(req: NextRequest, body: string, contentType?: string): NextRequest {
  const headers = new Headers(req.headers);
  headers.delete("content-length");
  if (contentType) headers.set("content-type", contentType);
  return new NextRequest(safeCallbackUrl(req.url), { method: req.method, headers, body });
}

/**
 * Every post is read here (bounded). Credentials posts (sign-in, sign-up) are parsed once: the rate
 * limits, next-auth and authorize() all see that one reading, and a refusal can carry Retry-After.
 */
export async function POST(req: NextRequest, ctx: Context) {
  const [action, providerId] = (await ctx.params).nextauth ?? [];
  let text: string;
  try {
    text = await readBodyText(req, AUTH_FORM_MAX_BYTES);
  } catch (err) {
    if (err instanceof RequestBodyTooLargeError) return jsonError(413, err.code, err.message);
    throw err;
  }
  if (action !== "callback" || (providerId !== "credentials" && providerId !== "signup")) {
    return handler(withBody(req, text), ctx);
  }
  let fields: Record<string, string>;
  try {
    fields = parseCredentialsForm(req.headers.get("content-type"), text);
  } catch (err) {
    if (err instanceof CredentialsRequestError) return jsonError(err.status, err.code, err.message);
    throw err;
  }
  const attempt = attemptFromFields(fields, clientIp(req.headers, env.TRUSTED_PROXY_HOPS));
  try {
    if (providerId === "signup") await authRateLimiter().beforeSignUp(attempt.ip);
    else await authRateLimiter().beforeSignIn(attempt.ip, attempt.email);
  } catch (err) {
    if (err instanceof RateLimitedError) return rateLimitedSignInResponse(err, fields.json === "true", env.NEXTAUTH_URL);
    throw err;
  }
  const { body, contentType } = credentialsFormBody(fields);
  return withCredentialAttempt(attempt, () => handler(withBody(req, body, contentType), ctx));
}
