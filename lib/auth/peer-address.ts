import http from "node:http";
import { PEER_ADDRESS_HEADER } from "./client-ip";

const INSTALLED = Symbol.for("maskboard.peerAddressRecorder");

/**
 * Copies each request's socket address into PEER_ADDRESS_HEADER before any listener runs. Next (16)
 * hands route handlers a Request without the socket, and fills X-Forwarded-For from the socket only
 * when the client sent none, so the header alone cannot tell a client's claim from its address.
 * Patches http.Server's emit once per process (instrumentation.ts runs before the first request).
 */
export function recordPeerAddresses(): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  // Kept unbound on purpose: it is called below with Reflect.apply and the server as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_ADDRESS_HEADER] = req.socket?.remoteAddress ?? "";
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof proto.emit;
  proto[INSTALLED] = true;
}
