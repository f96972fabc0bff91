import type { AccessReviewer } from "../k8s/hub/access.ts";
import type { HubEvent, WatchHub } from "../k8s/hub/hub.ts";
import { HUB_KINDS, type HubKind } from "../k8s/hub/kinds.ts";
import type { KubeIdentity } from "../k8s/identity.ts";
import { registerLiveStream } from "../server/shutdown.ts";
import { ClusterScope, type StreamScope } from "./cluster-scope.ts";

export type LiveStreamOptions = {
  hub: WatchHub;
  access: AccessReviewer;
  identity: KubeIdentity;
  kinds: readonly HubKind[];
  /** Only these namespaces (else every team namespace the user may list). */
  namespaces?: readonly string[];
  /**
   * (kind, namespace) pairs that carry only the objects of some clusters (the cluster page): the
   * Clusters by name, the rest as the page picks them (see {@link ClusterScope}). Access is checked
   * per (kind, namespace) exactly as without a scope; the scope only leaves things out.
   */
  scope?: readonly StreamScope[];
  /**
   * The session as it is now: `signed-out` once it is revoked, expired or refused by the IdP,
   * `identity-changed` once its groups differ from the stream's identity. Either ends the stream
   * with that reason (the browser reconnects at once after a change, as the new identity).
   */
  sessionState: () => Promise<"active" | "signed-out" | "identity-changed">;
  heartbeatMs?: number;
  /** How often (kind, namespace) access is looked at again; answers come from the ≤ 30 s cache. */
  recheckMs?: number;
  /** Bytes queued for a client that does not read before it is dropped (it reconnects and resyncs). */
  maxQueuedBytes?: number;
  onError?: (err: unknown) => void;
  /** Called once when the stream ends for any reason (client gone, signed out, dropped). */
  onClose?: () => void;
  /**
   * The request's signal: aborts when the client goes away. Next does not always cancel the body
   * of a response whose client left early (before or as it started), which left such streams
   * registered with the hub, their timers and the user's stream slot for good.
   */
  signal?: AbortSignal;
};

type PairState = "checking" | "allowed" | "denied";

const encoder = new TextEncoder();

/**
 * A Server-Sent Events stream of the hub's objects that `identity` may list: per allowed (kind,
 * namespace) a `snapshot` event, then `change` events; `revoked` when access goes away, `ready`
 * once every initial answer is in, `upstream` (`{"state":"reconnecting"|"live"}`) when the hub
 * loses or regains the API server, comment heartbeats, `end` (`{"reason":"signed-out"|"identity-changed"}`)
 * when the session ends or its groups change, and `reconnect` when this process shuts down (the
 * browser reconnects at once, to another replica).
 * Nothing of a namespace is written before a SubjectAccessReview allowed it.
 */
export function liveStream(opts: LiveStreamOptions): ReadableStream<Uint8Array> {
  const { hub, access, identity } = opts;
  const kinds = [...new Set(opts.kinds)];
  const pairs = new Map<string, PairState>();
  const pairKey = (kind: HubKind, ns: string) => `${kind}\u0000${ns}`;
  // Per namespace, one scope over the clusters any of its scoped kinds asked for.
  const scopes = new Map<string, ClusterScope>();
  const scopedPairs = new Set<string>();
  const clustersByNs = new Map<string, Set<string>>();
  for (const s of opts.scope ?? []) {
    scopedPairs.add(pairKey(s.kind, s.namespace));
    const set = clustersByNs.get(s.namespace) ?? new Set<string>();
    set.add(s.cluster);
    clustersByNs.set(s.namespace, set);
  }
  for (const [ns, clusters] of clustersByNs) scopes.set(ns, new ClusterScope(hub, ns, clusters));
  /** Per scoped pair, the uids the client was sent and still holds. */
  const sent = new Map<string, Set<string>>();
  const sentOf = (key: string) => {
    let set = sent.get(key);
    if (!set) {
      set = new Set();
      sent.set(key, set);
    }
    return set;
  };
  let closed = false;
  let readySent = false;
  let unsubscribe = () => {};
  let unsubscribeUpstream = () => {};
  let unregister = () => {};
  // What the client was last told; it assumes "live" until told otherwise.
  let upstreamSent: "live" | "reconnecting" = "live";
  const timers: NodeJS.Timeout[] = [];
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;

  const cleanup = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    unsubscribeUpstream();
    unregister();
    for (const t of timers) clearInterval(t);
    opts.onClose?.();
  };

  const write = (text: string) => {
    const c = controllerRef;
    if (closed || !c) return;
    c.enqueue(encoder.encode(text));
    if ((c.desiredSize ?? 0) < -(opts.maxQueuedBytes ?? 16 << 20)) {
      // A client that stopped reading would make us hold its backlog forever.
      cleanup();
      c.close();
    }
  };
  // The hub's JSON text is spliced in as is: one line, no re-serialisation per client.
  const send = (event: string, data: string) => write(`event: ${event}\ndata: ${data}\n\n`);

  const candidates = (): string[] => {
    const team = hub.teamNamespaceNames();
    return opts.namespaces ? opts.namespaces.filter((n) => hub.isTeamNamespace(n)) : team;
  };

  const sendSnapshot = (kind: HubKind, ns: string) => {
    let items = hub.list(kind, ns) ?? [];
    const key = pairKey(kind, ns);
    const scope = scopes.get(ns);
    if (scope && scopedPairs.has(key)) {
      items = items.filter((o) => scope.belongs(kind, o));
      sent.set(key, new Set(items.map((o) => o.uid)));
    }
    send(
      "snapshot",
      `{"kind":${JSON.stringify(kind)},"namespace":${JSON.stringify(ns)},"items":[${items.map((o) => o.json).join(",")}]}`,
    );
  };

  const check = async (kind: HubKind, ns: string) => {
    const key = pairKey(kind, ns);
    const before = pairs.get(key);
    let allowed: boolean;
    try {
      allowed = await access.mayList(identity, HUB_KINDS[kind], ns);
    } catch (err) {
      // No answer is no permission: keep what the client has only if it was allowed a moment ago
      // and the next check decides (a failed review is not cached).
      opts.onError?.(err);
      if (before === undefined) pairs.set(key, "denied");
      return;
    }
    if (closed) return;
    // The kind must be synced before anything is sent: never an empty list from a filling cache.
    if (allowed && !hub.synced(kind)) await hub.whenSynced(kind);
    if (closed) return;
    const now = pairs.get(key);
    if (allowed && now !== "allowed") {
      pairs.set(key, "allowed");
      sendSnapshot(kind, ns);
    } else if (!allowed && now === "allowed") {
      pairs.set(key, "denied");
      sent.delete(key);
      send("revoked", `{"kind":${JSON.stringify(kind)},"namespace":${JSON.stringify(ns)}}`);
    } else if (!allowed) {
      pairs.set(key, "denied");
    }
  };

  const recheck = async () => {
    const nss = new Set(candidates());
    // Namespaces that stopped being team namespaces are gone for everyone.
    for (const [key, state] of pairs) {
      const [kind, ns] = key.split("\u0000") as [HubKind, string];
      if (!nss.has(ns)) {
        pairs.delete(key);
        if (state === "allowed")
          send("revoked", `{"kind":${JSON.stringify(kind)},"namespace":${JSON.stringify(ns)}}`);
      }
    }
    const checks: Promise<void>[] = [];
    for (const kind of kinds) for (const ns of nss) checks.push(check(kind, ns));
    await Promise.all(checks);
    if (!readySent && !closed) {
      readySent = true;
      send("ready", `{"kinds":${JSON.stringify(kinds)}}`);
      sendUpstream();
    }
  };

  const sendUpstream = () => {
    const state = hub.upstreamLive(kinds) ? "live" : "reconnecting";
    if (state === upstreamSent) return;
    upstreamSent = state;
    send("upstream", `{"state":"${state}"}`);
  };

  const sendChange = (kind: HubKind, type: string, o: { namespace: string; json: string }) =>
    send(
      "change",
      `{"kind":${JSON.stringify(kind)},"namespace":${JSON.stringify(o.namespace)},"type":"${type}","object":${o.json}}`,
    );

  const onHubEvent = (e: HubEvent) => {
    const ns = e.object.namespace;
    const key = pairKey(e.kind, ns);
    const scope = scopes.get(ns);
    if (!scope) {
      if (pairs.get(key) === "allowed") sendChange(e.kind, e.type, e.object);
      return;
    }
    const before = scope.relatedUids();
    scope.invalidate();
    if (pairs.get(key) === "allowed") {
      if (!scopedPairs.has(key)) sendChange(e.kind, e.type, e.object);
      else {
        const had = sentOf(key);
        // What the client holds hears of every change to it (also the one that ends its
        // belonging, which the page then filters out itself); other objects only while they belong.
        if (had.has(e.object.uid) || (e.type !== "DELETED" && scope.belongs(e.kind, e.object))) {
          sendChange(e.kind, e.type, e.object);
          if (e.type === "DELETED") had.delete(e.object.uid);
          else had.add(e.object.uid);
        }
      }
    }
    // Kinds arrive on separate watches: an Event may come before the Machine it is about. Once
    // that Machine belongs, so do its Events: send the ones the client was not sent yet.
    const now = scope.relatedUids();
    const added = [...now].filter((uid) => !before.has(uid));
    if (added.length === 0) return;
    const fresh = new Set(added);
    for (const k of kinds) {
      const pk = pairKey(k, ns);
      if (!scopedPairs.has(pk) || pairs.get(pk) !== "allowed") continue;
      const had = sentOf(pk);
      for (const o of hub.list(k, ns) ?? []) {
        if (fresh.has(o.uid) && !had.has(o.uid)) {
          had.add(o.uid);
          sendChange(k, "ADDED", o);
        }
      }
    }
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controllerRef = controller;
        // Browsers' EventSource waits this long before reconnecting; our own client ignores it.
        write("retry: 3000\n\n");
        unsubscribe = hub.subscribe(onHubEvent);
        unsubscribeUpstream = hub.subscribeUpstream(() => {
          if (readySent) sendUpstream();
        });
        void recheck().catch((err: unknown) => opts.onError?.(err));
        const onAbort = () => {
          if (closed) return;
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed or cancelled
          }
        };
        if (opts.signal?.aborted) queueMicrotask(onAbort);
        else opts.signal?.addEventListener("abort", onAbort, { once: true });
        unregister = registerLiveStream({
          reconnect: () => {
            if (closed) return;
            send("reconnect", '{"reason":"shutdown"}');
            cleanup();
            controller.close();
          },
        });
        timers.push(
          setInterval(() => write(": heartbeat\n\n"), opts.heartbeatMs ?? 15_000),
          setInterval(() => {
            void recheck().catch((err: unknown) => opts.onError?.(err));
          }, opts.recheckMs ?? 5_000),
          setInterval(() => {
            void opts.sessionState().then(
              (state) => {
                if (state === "active" || closed) return;
                send("end", `{"reason":"${state}"}`);
                cleanup();
                controller.close();
              },
              (err: unknown) => opts.onError?.(err),
            );
          }, opts.recheckMs ?? 5_000),
        );
      },
      cancel() {
        cleanup();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 1 << 20 }),
  );
}

/** Headers of an SSE response: no caching, no compression, no proxy buffering. */
export const SSE_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "private, no-cache, no-store, no-transform",
  "x-accel-buffering": "no",
};
