import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/config";
import { contentSecurityPolicy, newNonce, pageSecurityHeaders } from "@/lib/security/headers";

// Every page request passes here: a fresh CSP nonce (Next reads it from the request's
// Content-Security-Policy and puts it on its scripts) and the page security headers (lib/security/headers.ts).
export function proxy(request: NextRequest): NextResponse {
  const options = { nonce: newNonce(), https: env.NEXTAUTH_URL.startsWith("https://"), development: env.NODE_ENV === "development" };
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", contentSecurityPolicy(options));
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(pageSecurityHeaders(options))) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    {
      // Not API routes: Next buffers the body of every request the proxy sees (uploads are large), and
      // JSON needs no script policy. Not Bull Board (/admin/queues: its own inline scripts), not static files.
      source: "/((?!api/|admin/queues|_next/static|_next/image|icon.svg|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
