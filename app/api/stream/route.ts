import { bearerOf, currentUser, identityState } from "@/lib/auth/session.ts";
import { accessReviewer, watchHub } from "@/lib/k8s/hub/index.ts";
import { takeStreamSlot, tooManyRequests } from "@/lib/limits/index.ts";
import { liveStream, SSE_HEADERS } from "@/lib/live/server-stream.ts";
import { parseStreamQuery } from "@/lib/live/stream-query.ts";
import { logger } from "@/lib/logger.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Live changes of the management cluster as Server-Sent Events, for the namespaces the signed-in
 * user (session cookie, or a bearer token: `/api/v1/stream` is this route) may list: `?kinds=clusters,machines` (default clusters) and optionally `&namespaces=team-a`,
 * and `&only=events:team-a:web,…` to narrow a (kind, namespace) to the objects of some clusters (the cluster page).
 * Every browser holds one such stream, shared by its tabs; all streams share the one watch hub.
 * A user holds at most `KAAS_MAX_STREAMS_PER_USER` at once (per process); beyond that, 429.
 */
export async function GET(req: Request): Promise<Response> {
  const user = await currentUser();
  if (!user) {
    return Response.json(
      { error: "unauthorized" },
      { status: 401, headers: { "cache-control": "private, no-store" } },
    );
  }
  const query = parseStreamQuery(new URL(req.url).searchParams);
  if (query === "bad") {
    return Response.json(
      { error: "bad_request" },
      { status: 400, headers: { "cache-control": "private, no-store" } },
    );
  }
  const release = takeStreamSlot(user.subject);
  if (!release) {
    // A slot frees when another stream of this user ends; the browser's backoff waits at least this.
    return tooManyRequests(
      30,
      "too_many_streams",
      "Too many live connections for your account. Close other console windows; updates resume by themselves.",
    );
  }
  const bearer = bearerOf(req.headers);
  const stream = liveStream({
    onClose: release,
    signal: req.signal,
    hub: watchHub(),
    access: accessReviewer(),
    identity: user.identity,
    kinds: query.kinds,
    namespaces: query.namespaces,
    scope: query.scope,
    // Looked at every few seconds; this is also what keeps an open tab's identity fresh at the IdP,
    // and what ends a token's stream when the token is revoked.
    sessionState: () => identityState(user, bearer),
    onError: (err) =>
      logger.warn({ event: "stream.error", err: (err as Error).message }, "live stream check failed"),
  });
  return new Response(stream, { headers: SSE_HEADERS });
}
