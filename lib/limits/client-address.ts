/**
 * The client's address for per-address limits, from `X-Forwarded-For`.
 *
 * `next start` fills that header with the socket's address only when the request has none, and
 * keeps a client-sent one as it is. So:
 * - `trustedProxies = 0` (no proxy in front): the rightmost entry, which is the socket address for
 *   a client that sent none. A client that sends its own header picks its own key; per-user limits
 *   still hold, so this only weakens the per-address limit on sign-in. Put a proxy in front.
 * - `trustedProxies = n`: `n` proxies of ours append to the header, so the entry `n` from the right
 *   is what the outermost of them saw; anything left of it is the client's own claim.
 */
export function clientAddress(forwardedFor: string | null, trustedProxies: number): string {
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (hops.length === 0) return "unknown";
  const index = hops.length - Math.max(1, trustedProxies);
  return hops[Math.max(0, index)] ?? "unknown";
}

/** `KAAS_TRUSTED_PROXIES`: how many proxies of ours stand in front of the console (default 0). */
export function trustedProxyCount(value: string | undefined): number {
  const n = Number(value ?? 0);
  return Number.isInteger(n) && n > 0 ? n : 0;
}
