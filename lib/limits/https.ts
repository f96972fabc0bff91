/**
 * Whether the console is served over TLS: its public URL (`AUTH_URL`) is https, or the request
 * reached a proxy of ours over https. `X-Forwarded-Proto` counts only behind trusted proxies;
 * otherwise any client could set it.
 */
export function servedOverHttps(
  authUrl: string | undefined,
  forwardedProto: string | null,
  trustedProxies: number,
): boolean {
  if (authUrl?.startsWith("https:")) return true;
  if (trustedProxies === 0) return false;
  // Each proxy may append its own; the first one is what the client spoke to the outermost proxy.
  return forwardedProto?.split(",")[0]?.trim().toLowerCase() === "https";
}

/** HSTS for two years with subdomains: the console never needs plain http once it has TLS. */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";
