/**
 * The socket address of each HTTP request, recorded by instrumentation.ts before Next sees the request
 * (route handlers have no socket). Set on every request, so a client-sent header of this name is overwritten.
 */
export const PEER_ADDRESS_HEADER = "x-maskboard-peer-address";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  const raw = headers instanceof Headers ? headers.get(name) : headers[name];
  return Array.isArray(raw) ? raw.join(",") : (raw ?? undefined);
}

/** "::ffff:10.0.0.1" (an IPv4 client of a dual-stack socket) is "10.0.0.1". */
function normalize(address: string): string {
  const trimmed = address.trim();
  return trimmed.startsWith("::ffff:") && trimmed.includes(".") ? trimmed.slice("::ffff:".length) : trimmed;
}

/**
 * The client address for rate limiting. With `trustedProxyHops` = 0 (the default) X-Forwarded-For is
 * text the client wrote and is ignored: the socket address is the client. Behind N proxies that each
 * append the address they saw, the header reads "<anything the client sent>, client, proxy1, ...,
 * proxyN-1" (proxyN is the socket), so the client is the N-th entry from the right: entries further left
 * are the client's own words.
 */
export function clientIp(headers: HeaderSource, trustedProxyHops: number): string {
  const peer = header(headers, PEER_ADDRESS_HEADER);
  if (trustedProxyHops > 0) {
    const forwarded = (header(headers, "x-forwarded-for") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const client = forwarded.at(-trustedProxyHops);
    if (client && forwarded.length >= trustedProxyHops) return normalize(client);
  }
  // No peer address: the app is served without instrumentation.ts. One shared bucket fails closed.
  return peer ? normalize(peer) : "unknown";
}
