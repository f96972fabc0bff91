import { TEAM_LABEL } from "../names.ts";
import { type HubEventType, type HubObject, Informer, type InformerStats, ListGate } from "./informer.ts";
import { collectionPath, HUB_KINDS, type HubKind, hubKindNames } from "./kinds.ts";
import type { HubTransport } from "./transport.ts";

export type HubEvent = { kind: HubKind; type: HubEventType; object: HubObject };

export type HubOptions = {
  transport: HubTransport;
  kinds?: readonly HubKind[];
  watchTimeoutSeconds?: number;
  /** Initial lists as watch-list streams where the API server offers them (default true); false: LIST pages. */
  watchList?: boolean;
  /**
   * While an informer is cut off, `/readyz` is asked every `readyProbeMs` (jittered ±50 %, so
   * replicas do not ask in step); once it answers 200, every informer stops waiting out its backoff.
   */
  readyProbeMs?: number;
  log?: (event: string, fields: Record<string, unknown>) => void;
};

/**
 * The console's one cache of the management cluster: an informer per kind across all team
 * namespaces, read with the console's own identity. However many browsers stream from it, it
 * holds one WATCH per kind (plus one on team namespaces). It never decides who may see what:
 * callers check access (see access.ts) before serving a namespace's objects.
 */
export class WatchHub {
  readonly transport: HubTransport;
  readonly namespaces: Informer;
  private readonly informers = new Map<HubKind, Informer>();
  private readonly listeners = new Set<(e: HubEvent) => void>();
  private readonly upstreamListeners = new Set<() => void>();
  private readonly teamNamespaces = new Set<string>();
  private relistTimer: NodeJS.Timeout | undefined;
  private started = false;
  private probing = false;
  private readonly readyProbeMs: number;
  private readonly stopper = new AbortController();
  /** `/readyz` requests sent while cut off (for the benchmark). */
  readyProbes = 0;

  constructor(opts: HubOptions) {
    this.transport = opts.transport;
    this.readyProbeMs = opts.readyProbeMs ?? 200;
    const log = opts.log;
    const listGate = new ListGate(1);
    this.namespaces = new Informer({
      transport: opts.transport,
      path: "/api/v1/namespaces",
      labelSelector: TEAM_LABEL,
      watchTimeoutSeconds: opts.watchTimeoutSeconds,
      watchList: opts.watchList,
      log,
    });
    this.namespaces.onEvent((e) => {
      if (e.type === "DELETED") {
        this.teamNamespaces.delete(e.object.name);
        return;
      }
      const isNew = !this.teamNamespaces.has(e.object.name);
      this.teamNamespaces.add(e.object.name);
      // Objects created in a namespace before it was labelled (or before its watch event came in)
      // were skipped: one coalesced re-list per kind picks them up.
      if (isNew) this.scheduleRelist();
    });
    this.namespaces.onConnection((c) => this.upstreamChanged(c));
    for (const kind of opts.kinds ?? hubKindNames) {
      const spec = HUB_KINDS[kind];
      const inf = new Informer({
        transport: opts.transport,
        path: collectionPath(spec),
        accept: (ns) => this.teamNamespaces.has(ns),
        optional: "optional" in spec && spec.optional,
        watchTimeoutSeconds: opts.watchTimeoutSeconds,
        watchList: opts.watchList,
        listGate,
        log,
      });
      inf.onEvent((e) => {
        const ev: HubEvent = { kind, type: e.type, object: e.object };
        for (const l of this.listeners) l(ev);
      });
      inf.onConnection((c) => this.upstreamChanged(c));
      this.informers.set(kind, inf);
    }
  }

  /** Starts every informer once; kinds start after the team namespaces are known. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.namespaces.start();
    void this.namespaces.whenSynced().then(() => {
      for (const o of this.namespaces.list()) this.teamNamespaces.add(o.name);
      for (const inf of this.informers.values()) inf.start();
    });
  }

  stop(): void {
    this.stopper.abort();
    clearTimeout(this.relistTimer);
    this.namespaces.stop();
    for (const inf of this.informers.values()) inf.stop();
  }

  private scheduleRelist(): void {
    if (!this.namespaces.synced) return;
    clearTimeout(this.relistTimer);
    this.relistTimer = setTimeout(() => {
      for (const inf of this.informers.values()) inf.relist();
    }, 1000);
    this.relistTimer.unref?.();
  }

  kinds(): HubKind[] {
    return [...this.informers.keys()];
  }

  informer(kind: HubKind): Informer {
    const inf = this.informers.get(kind);
    if (!inf) throw new Error(`the hub does not watch ${kind}`);
    return inf;
  }

  /** Whether `kind` is synced, so reads of it may be served from the cache. */
  synced(kind: HubKind): boolean {
    return this.informers.get(kind)?.synced ?? false;
  }

  /** Resolves when `kind` is synced. */
  async whenSynced(kind: HubKind): Promise<void> {
    await this.namespaces.whenSynced();
    await this.informer(kind).whenSynced();
  }

  /** Team namespaces known to the hub, sorted. */
  teamNamespaceNames(): string[] {
    return [...this.teamNamespaces].sort();
  }

  isTeamNamespace(ns: string): boolean {
    return this.teamNamespaces.has(ns);
  }

  /**
   * Objects of one kind in one namespace, or `undefined` while the kind is not synced: callers
   * then read from the API server instead, never serve an empty list from a cache still filling.
   */
  list(kind: HubKind, namespace: string): HubObject[] | undefined {
    const inf = this.informer(kind);
    if (!inf.synced || !this.teamNamespaces.has(namespace)) return inf.synced ? [] : undefined;
    return inf.list(namespace);
  }

  /**
   * Whether the hub is in touch with the API server for `kinds`: their informers and the team
   * namespaces' informer all reached it on their last request. While not, what they hold is the
   * last known state, which streams mark as "reconnecting".
   */
  upstreamLive(kinds: readonly HubKind[]): boolean {
    if (!this.namespaces.connected) return false;
    return kinds.every((k) => this.informers.get(k)?.connected ?? false);
  }

  /** Calls `listener` whenever an informer's connection to the API server changes. */
  subscribeUpstream(listener: () => void): () => void {
    this.upstreamListeners.add(listener);
    return () => this.upstreamListeners.delete(listener);
  }

  private upstreamChanged(connected: boolean): void {
    // One informer got through: the API server is back, so the others stop waiting out backoff.
    if (connected) this.wakeAll();
    else this.probeReady();
    for (const l of this.upstreamListeners) l();
  }

  private wakeAll(): void {
    this.namespaces.wake();
    for (const inf of this.informers.values()) inf.wake();
  }

  private allConnected(): boolean {
    if (!this.namespaces.connected) return false;
    for (const inf of this.informers.values()) if (inf.started && !inf.connected) return false;
    return true;
  }

  /**
   * Asks `/readyz` on a short jittered interval until every informer is connected again, and
   * wakes them all as soon as it answers 200: the informers resume within about one interval of
   * the API server being ready instead of after their backoff (which grows to 10 s), and while it
   * is down the API server sees one small GET per interval, not a retry per kind.
   */
  private probeReady(): void {
    if (this.probing || this.stopper.signal.aborted) return;
    this.probing = true;
    void (async () => {
      try {
        while (!this.stopper.signal.aborted && !this.allConnected()) {
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, this.readyProbeMs * (0.5 + Math.random()));
            t.unref?.();
          });
          if (this.stopper.signal.aborted) return;
          this.readyProbes++;
          try {
            const res = await this.transport.request("GET", "/readyz", {
              signal: AbortSignal.any([this.stopper.signal, AbortSignal.timeout(2000)]),
            });
            res.body.resume();
            if (res.status === 200) this.wakeAll();
          } catch {
            // still down
          }
        }
      } finally {
        this.probing = false;
      }
    })();
  }

  subscribe(listener: (e: HubEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Per-kind sync state and request counters (for readiness, logs and the benchmark). */
  status(): Record<
    string,
    InformerStats & {
      synced: boolean;
      connected: boolean;
      installed: boolean;
      objects: number;
      jsonBytes: number;
    }
  > {
    const out: Record<
      string,
      InformerStats & {
        synced: boolean;
        connected: boolean;
        installed: boolean;
        objects: number;
        jsonBytes: number;
      }
    > = {};
    const row = (inf: Informer) => ({
      ...inf.stats,
      synced: inf.synced,
      connected: inf.connected,
      installed: inf.installed,
      objects: inf.size,
      jsonBytes: inf.jsonBytes(),
    });
    out.namespaces = row(this.namespaces);
    for (const [k, inf] of this.informers) out[k] = row(inf);
    return out;
  }
}
