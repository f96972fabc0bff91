"use client";

/**
 * One live stream per browser, shared by all its tabs. Over HTTP/1.1 a browser opens at most six
 * connections per origin across every tab, so a stream per tab would starve the seventh tab (and
 * every fetch behind it). The tabs elect a leader with the Web Locks API: the tab holding the lock
 * opens `/api/stream` and relays what it reads over a BroadcastChannel; when it closes, the browser
 * hands the lock to the next tab at once. Chosen over a SharedWorker because it needs no separate
 * worker bundle and no `worker-src` exception in the nonce-based CSP, and it works where
 * SharedWorker is missing (Chrome on Android).
 */

export type LiveStatus = "connecting" | "live" | "reconnecting" | "too-many-streams" | "signed-out";

export type LiveObject = { metadata: { uid: string; name: string; namespace?: string } } & Record<
  string,
  unknown
>;

export type LiveMessage =
  | { t: "status"; status: LiveStatus }
  | { t: "snapshot"; kind: string; namespace: string; items: LiveObject[] }
  | {
      t: "change";
      kind: string;
      namespace: string;
      type: "ADDED" | "MODIFIED" | "DELETED";
      object: LiveObject;
    }
  | { t: "revoked"; kind: string; namespace: string };

type TabMessage =
  | LiveMessage
  | { t: "interest"; interests: string[] }
  | { t: "who-is-interested" }
  | { t: "hello" };

/**
 * What a tab follows: one kind in one namespace, or only the objects of one cluster there (the
 * cluster page), which the server then filters for it.
 */
export type Interest = { kind: string; namespace: string; cluster?: string };

const CHANNEL = "kaas-live";
const LOCK = "kaas-live-leader";
/** The key of what the stream carries per (kind, namespace): snapshots and the leader's copy. */
const interestKey = (i: { kind: string; namespace: string }) => `${i.kind}|${i.namespace}`;
/** The key of one subscription; `*` stands for "the whole namespace". */
export const subscriptionKey = (i: Interest) => `${i.kind}|${i.namespace}|${i.cluster ?? "*"}`;

/**
 * The one stream URL for every tab's subscriptions (keys of {@link subscriptionKey}): all their
 * kinds and namespaces, and `only=kind:namespace:cluster` for each (kind, namespace) that every
 * subscriber follows for some clusters only. Once one subscriber wants a whole (kind, namespace),
 * the stream carries all of it (the others filter what they show, as they always did).
 */
export function streamUrlFor(subscriptions: Iterable<string>): string {
  const kinds = new Set<string>();
  const namespaces = new Set<string>();
  // Per (kind, namespace): the clusters asked for, or null once some tab wants all of it.
  const scoped = new Map<string, Set<string> | null>();
  for (const k of subscriptions) {
    const [kind = "", ns = "", cluster = "*"] = k.split("|");
    kinds.add(kind);
    namespaces.add(ns);
    const pair = `${kind}:${ns}`;
    const clusters = scoped.get(pair);
    if (cluster === "*" || clusters === null) scoped.set(pair, null);
    else scoped.set(pair, (clusters ?? new Set()).add(cluster));
  }
  const only: string[] = [];
  for (const [pair, clusters] of scoped) for (const c of clusters ?? []) only.push(`${pair}:${c}`);
  const q = new URLSearchParams({
    kinds: [...kinds].sort().join(","),
    namespaces: [...namespaces].sort().join(","),
  });
  if (only.length) q.set("only", only.sort().join(","));
  return `/api/stream?${q.toString()}`;
}

class LiveConnection {
  private readonly channel: BroadcastChannel | undefined;
  private readonly listeners = new Set<{ interest: Interest; cb: (m: LiveMessage) => void }>();
  private readonly myInterests = new Map<string, number>();
  private readonly allInterests = new Set<string>();
  /** The leader's copy of what it streamed, so tabs that open later start from it. */
  private readonly state = new Map<string, Map<string, LiveObject>>();
  private leader = false;
  private status: LiveStatus = "connecting";
  private abort: AbortController | undefined;
  private connectedFor = "";
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;

  constructor() {
    this.channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : undefined;
    if (this.channel) this.channel.onmessage = (e: MessageEvent<TabMessage>) => this.onTabMessage(e.data);
    if (typeof navigator !== "undefined" && navigator.locks && this.channel) {
      // Held until the tab goes away; then the browser gives it to the next waiting tab.
      void navigator.locks.request(LOCK, () => {
        this.becomeLeader();
        return new Promise<never>(() => {});
      });
    } else {
      this.becomeLeader();
    }
  }

  /** Follows `interest`; `cb` gets its snapshots, changes and revocations, and every status. */
  subscribe(interest: Interest, cb: (m: LiveMessage) => void): () => void {
    const entry = { interest, cb };
    this.listeners.add(entry);
    const key = subscriptionKey(interest);
    this.myInterests.set(key, (this.myInterests.get(key) ?? 0) + 1);
    cb({ t: "status", status: this.status });
    if (this.leader) {
      this.addInterests([key]);
      const items = this.state.get(interestKey(interest));
      if (items) cb({ t: "snapshot", ...interest, items: [...items.values()] });
    } else {
      this.post({ t: "interest", interests: [key] });
      this.post({ t: "hello" });
    }
    return () => {
      this.listeners.delete(entry);
      const n = (this.myInterests.get(key) ?? 1) - 1;
      if (n > 0) this.myInterests.set(key, n);
      else this.myInterests.delete(key);
    };
  }

  private post(m: TabMessage): void {
    this.channel?.postMessage(m);
  }

  private deliver(m: LiveMessage): void {
    if (m.t === "status") this.status = m.status;
    for (const l of this.listeners) {
      if (m.t === "status" || (l.interest.kind === m.kind && l.interest.namespace === m.namespace)) l.cb(m);
    }
  }

  /** Leader: apply to its own state, show in this tab, relay to the others. */
  private publish(m: LiveMessage): void {
    if (m.t === "snapshot") {
      this.state.set(interestKey(m), new Map(m.items.map((o) => [o.metadata.uid, o])));
    } else if (m.t === "change") {
      const key = interestKey(m);
      const items = this.state.get(key) ?? new Map<string, LiveObject>();
      this.state.set(key, items);
      if (m.type === "DELETED") items.delete(m.object.metadata.uid);
      else items.set(m.object.metadata.uid, m.object);
    } else if (m.t === "revoked") {
      this.state.delete(interestKey(m));
    }
    this.deliver(m);
    this.post(m);
  }

  private onTabMessage(m: TabMessage): void {
    if (m.t === "interest") {
      if (this.leader) this.addInterests(m.interests);
      return;
    }
    if (m.t === "who-is-interested") {
      if (this.myInterests.size) this.post({ t: "interest", interests: [...this.myInterests.keys()] });
      return;
    }
    if (m.t === "hello") {
      if (!this.leader) return;
      this.post({ t: "status", status: this.status });
      for (const [key, items] of this.state) {
        const [kind = "", namespace = ""] = key.split("|");
        this.post({ t: "snapshot", kind, namespace, items: [...items.values()] });
      }
      return;
    }
    if (!this.leader) this.deliver(m);
  }

  private becomeLeader(): void {
    this.leader = true;
    this.addInterests([...this.myInterests.keys()]);
    this.post({ t: "who-is-interested" });
  }

  private addInterests(keys: string[]): void {
    let grew = false;
    for (const k of keys) {
      if (!this.allInterests.has(k)) {
        this.allInterests.add(k);
        grew = true;
      }
    }
    // Interests arrive from several tabs at once: connect once for all of them.
    if (grew) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = setTimeout(() => void this.connect(), 50);
    }
  }

  private streamUrl(): string {
    return streamUrlFor(this.allInterests);
  }

  private setStatus(status: LiveStatus): void {
    if (this.status !== status) this.publish({ t: "status", status });
  }

  private async connect(): Promise<void> {
    if (!this.allInterests.size || this.status === "signed-out") return;
    const url = this.streamUrl();
    if (this.abort && this.connectedFor === url) return;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.connectedFor = url;
    let ended: "retry" | "signed-out" | "over-cap" | "access-changed" | "moved" = "retry";
    let retryAfterMs = 0;
    try {
      const res = await fetch(url, {
        signal: abort.signal,
        cache: "no-store",
        headers: { accept: "text/event-stream" },
      });
      if (res.status === 401) ended = "signed-out";
      else if (res.status === 429) {
        // The user holds too many streams (other windows, other browsers): say so, and wait at
        // least as long as the server asks on top of the usual backoff.
        ended = "over-cap";
        retryAfterMs = Number(res.headers.get("retry-after") ?? 0) * 1000 || 0;
      } else if (res.ok && res.body) ended = await this.read(res.body);
    } catch {
      // network error or aborted: handled below
    }
    if (this.abort !== abort) return; // replaced by a newer connection
    this.abort = undefined;
    if (ended === "signed-out") {
      this.setStatus("signed-out");
      return;
    }
    if (ended === "moved") {
      // The server is shutting down and said so: another replica (or this one, restarted) takes
      // the stream now. The status stays as it is, and the next snapshot is the resync.
      this.reconnectTimer = setTimeout(() => void this.connect(), 0);
      return;
    }
    if (ended === "access-changed") {
      // The user's groups changed at the IdP: drop everything the old identity was shown and ask
      // again at once as the new one, which gets snapshots only of what it may still see.
      for (const key of [...this.state.keys()]) {
        const [kind = "", namespace = ""] = key.split("|");
        this.publish({ t: "revoked", kind, namespace });
      }
      this.state.clear();
      void this.connect();
      return;
    }
    this.setStatus(ended === "over-cap" ? "too-many-streams" : "reconnecting");
    const backoff = Math.min(30_000, 1000 * 2 ** this.failures) * (0.5 + Math.random());
    const delay = Math.max(backoff, retryAfterMs);
    this.failures = Math.min(this.failures + 1, 6);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  private async read(
    body: ReadableStream<Uint8Array>,
  ): Promise<"retry" | "signed-out" | "access-changed" | "moved"> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return "retry";
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
        let event = "message";
        let data = "";
        for (const line of frame.split("\n")) {
          if (line.startsWith("event: ")) event = line.slice(7);
          else if (line.startsWith("data: ")) data += line.slice(6);
        }
        if (!data) continue;
        if (event === "end") {
          void reader.cancel();
          return (JSON.parse(data) as { reason?: string }).reason === "identity-changed"
            ? "access-changed"
            : "signed-out";
        }
        if (event === "reconnect") {
          void reader.cancel();
          return "moved";
        }
        this.onServerEvent(event, JSON.parse(data));
      }
    }
  }

  private onServerEvent(event: string, data: Record<string, unknown>): void {
    const kind = String(data.kind ?? "");
    const namespace = String(data.namespace ?? "");
    if (event === "ready") {
      this.failures = 0;
      this.setStatus("live");
    } else if (event === "upstream") {
      // The console lost (or regained) the management cluster: what is shown is the last known state.
      this.setStatus(data.state === "live" ? "live" : "reconnecting");
    } else if (event === "snapshot") {
      this.publish({ t: "snapshot", kind, namespace, items: data.items as LiveObject[] });
    } else if (event === "change") {
      this.publish({
        t: "change",
        kind,
        namespace,
        type: data.type as "ADDED" | "MODIFIED" | "DELETED",
        object: data.object as LiveObject,
      });
    } else if (event === "revoked") {
      this.publish({ t: "revoked", kind, namespace });
    }
  }
}

let connection: LiveConnection | undefined;

/** This tab's handle on the browser's shared live stream. */
export function liveConnection(): LiveConnection {
  connection ??= new LiveConnection();
  return connection;
}
