// Runs once per server process before the first request (Next's instrumentation hook).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { recordPeerAddresses } = await import("./lib/auth/peer-address");
  recordPeerAddresses();
}
