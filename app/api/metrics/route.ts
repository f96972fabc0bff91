import { createHash, timingSafeEqual } from "node:crypto";
import { scrape } from "@/lib/metrics/index.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * Prometheus metrics of this process, for whoever holds `KAAS_METRICS_TOKEN` as a bearer token
 * (the ServiceMonitor reads it from a Secret). The path is served on the console's one port and so
 * reaches the public ingress too: without the token set, it answers 404 like any unknown path,
 * and with it, nothing without the token.
 */
export async function GET(req: Request): Promise<Response> {
  const headers = { "cache-control": "no-store" };
  const token = process.env.KAAS_METRICS_TOKEN;
  if (!token) return Response.json({ error: "not_found" }, { status: 404, headers });
  const sent = /^Bearer (.+)$/.exec(req.headers.get("authorization") ?? "")?.[1] ?? "";
  // Digests compared in constant time: neither the token nor its length leaks through timing.
  if (!timingSafeEqual(digest(sent), digest(token))) {
    return Response.json(
      { error: "unauthorized" },
      { status: 401, headers: { ...headers, "www-authenticate": 'Bearer realm="kaas-console metrics"' } },
    );
  }
  const { body, contentType } = await scrape();
  return new Response(body, { headers: { ...headers, "content-type": contentType } });
}
