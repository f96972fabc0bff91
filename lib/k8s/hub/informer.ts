import type { Readable } from "node:stream";
import {
  LineSplitter,
  ListItemSplitter,
  unchangedObject,
  type VersionKey,
  versionKey,
} from "./json-bytes.ts";
import type { HubTransport } from "./transport.ts";
import { DirectBody, readText } from "./transport.ts";

/**
 * One cached object. The object is kept as its JSON text (managedFields and the last-applied
 * annotation stripped): that is what streams send, it costs about one byte per character, and a
 * reader that needs fields parses the few objects it serves.
 */
export type HubObject = {
  uid: string;
  namespace: string;
  name: string;
  /** Opaque: compared for equality only, never ordered. */
  resourceVersion: string;
  json: string;
};

export type HubEventType = "ADDED" | "MODIFIED" | "DELETED";
export type InformerEvent = { type: HubEventType; object: HubObject };

export type InformerStats = {
  /** LIST requests sent (every page counts). */
  listRequests: number;
  /** Full lists completed after the first one (410 Gone, a new namespace, an optional CRD). */
  relists: number;
  /** WATCH requests sent. */
  watchRequests: number;
  /** WATCH responses currently open. */
  openWatches: number;
  /** Watches given up because nothing (no event, no bookmark) arrived within twice their timeout. */
  deadWatches: number;
  /** 410 Gone answers (on a watch or a list page). */
  gone: number;
  /** When the last full list completed (ms since the epoch), 0 before the first. */
  lastListedAt: number;
  /** Initial lists (the first and every re-list) that came as a watch-list stream, not LIST pages. */
  streamedLists: number;
};

export type InformerOptions = {
  transport: HubTransport;
  /** Collection path, cluster-wide: `/apis/cluster.x-k8s.io/v1beta2/clusters`. */
  path: string;
  labelSelector?: string;
  /** Keep only objects of namespaces this accepts (team namespaces); cluster-scoped objects have "". */
  accept?: (namespace: string) => boolean;
  /** A 404 on the list means "CRD not installed": serve an empty, synced cache and look again later. */
  optional?: boolean;
  /** Server-side watch timeout; the watch is declared dead after twice this without a line. Jittered +0–25 %. */
  watchTimeoutSeconds?: number;
  pageSize?: number;
  /**
   * Start and re-list with a watch-list (`sendInitialEvents=true`, `resourceVersionMatch=NotOlderThan`):
   * the API server streams the initial objects one per line from its watch cache and marks the end
   * with a bookmark, so no list page is ever held whole and the same stream goes on as the watch.
   * Default true; an API server that refuses it (the WatchList feature off, or too old) is
   * remembered and listed page by page instead. False: always paged lists.
   */
  watchList?: boolean;
  /** Backoff after failures: from `minBackoffMs`, doubling up to `maxBackoffMs`, each with ±50 % jitter. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often an absent optional CRD is looked for again. */
  absentRecheckMs?: number;
  /**
   * Shared by the hub's informers so that only one full list runs at a time: a re-list of every
   * kind at once (after an API server restart) would otherwise hold every kind's pages at once.
   */
  listGate?: ListGate;
  log?: (event: string, fields: Record<string, unknown>) => void;
};

type WatchEnd = "closed" | "gone" | "dead" | "error" | "unsupported" | "absent";

/** The bookmark annotation that ends a watch-list's initial events. */
const INITIAL_EVENTS_END = "k8s.io/initial-events-end";

class GoneError extends Error {}

/** A cached object, with the generation of the last full list that saw it unchanged. */
type Cached = HubObject & { seen: number };

/**
 * A full list under way (a watch-list's initial events, or LIST pages). It is built beside the
 * cache without a second copy of it: a cached object the list repeats unchanged is marked with
 * the list's generation; only new and changed objects are kept here. When the list completes,
 * cached objects it did not mark are gone. (Maps of every object, built per re-list, were most
 * of what a re-list allocated beyond the bytes it read.)
 */
type ListRun = { generation: number; changed: Map<string, Cached> };

/** Runs at most `width` tasks at a time, in the order they asked. */
export class ListGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly width: number;

  constructor(width = 1) {
    this.width = width;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A waiter is handed the finishing task's slot (`active` stays counted for it), so a caller
    // arriving before the waiter wakes finds no free slot and cannot overtake it.
    if (this.active >= this.width) await new Promise<void>((r) => this.waiting.push(r));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

const LIST_PAGE_TIMEOUT_MS = 60_000;

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/** Parses one object from the API server into a {@link HubObject}, dropping what nobody reads. */
export function toHubObject(raw: unknown): Cached | undefined {
  const obj = raw as { metadata?: Record<string, unknown> };
  const m = obj?.metadata;
  if (!m || typeof m.uid !== "string" || typeof m.name !== "string") return undefined;
  delete m.managedFields;
  const ann = m.annotations as Record<string, string> | undefined;
  if (ann && LAST_APPLIED in ann) {
    delete ann[LAST_APPLIED];
    if (Object.keys(ann).length === 0) delete m.annotations;
  }
  return {
    uid: m.uid,
    namespace: typeof m.namespace === "string" ? m.namespace : "",
    name: m.name,
    resourceVersion: typeof m.resourceVersion === "string" ? m.resourceVersion : "",
    json: JSON.stringify(obj),
    seen: 0,
  };
}

/**
 * Hands each chunk of `body` to `onChunk` as it comes, until the body ends or `onChunk` answers
 * true; rejects when the body fails (aborted, connection lost). Data events rather than `for
 * await`: the API server flushes every watch event on its own, so a re-list arrives as tens of
 * thousands of small chunks, and the async iterator's promise and result per chunk were a good
 * part of the garbage a re-list made.
 */
function eachChunk(body: Readable, onChunk: (chunk: Buffer) => boolean): Promise<void> {
  // The hub's own transport hands chunks over without a stream in between (see DirectBody).
  if (body instanceof DirectBody) return body.readChunks(onChunk);
  return new Promise<void>((resolve, reject) => {
    const done = (err?: Error) => {
      body.off("data", onData);
      body.off("end", onEnd);
      body.off("error", onError);
      body.off("close", onClose);
      if (err) reject(err);
      else resolve();
    };
    const onData = (chunk: Buffer) => {
      let stop: boolean;
      try {
        stop = onChunk(chunk);
      } catch (err) {
        done(err as Error);
        return;
      }
      if (stop) done();
    };
    const onEnd = () => done();
    const onError = (err: Error) => done(err);
    // Destroyed without an error or an end (the stream was closed under us): a lost connection.
    const onClose = () => done(new Error("response closed before its end"));
    body.on("data", onData);
    body.once("end", onEnd);
    body.once("error", onError);
    body.once("close", onClose);
  });
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });

/**
 * List-then-watch cache of one resource kind, written on the hub's own transport rather than
 * client-node's ListWatch, because the hub needs what that one does not give: bookmarks (so a
 * quiet kind keeps a fresh resourceVersion and resumes without a LIST), a watchdog on the stream
 * (a silently dead TCP connection otherwise waits forever), 410 Gone told apart from other
 * failures (only 410 costs a LIST), paged lists, and jittered backoff.
 */
export class Informer {
  readonly path: string;
  private readonly opts: InformerOptions;
  private readonly byNamespace = new Map<string, Map<string, Cached>>();
  /**
   * The cache by resourceVersion, kept in step with it: a list's line or item that names a
   * cached object's resourceVersion and uid is that object unchanged, known without parsing it.
   */
  private readonly byVersion = new Map<VersionKey, Cached>();
  /** Numbers the full lists, for {@link ListRun}'s marks. */
  private generation = 0;
  private readonly listeners = new Set<(e: InformerEvent) => void>();
  private readonly syncWaiters = new Set<() => void>();
  private resourceVersion = "";
  private needList = true;
  private listedOnce = false;
  private stopper = new AbortController();
  private running = false;
  private relistRequested = false;
  private currentWatch: AbortController | undefined;
  private wakeBackoff: (() => void) | undefined;
  private _synced = false;
  private _installed = true;
  private _size = 0;
  private _connected = false;
  private readonly connectionListeners = new Set<(connected: boolean) => void>();
  readonly stats: InformerStats = {
    listRequests: 0,
    relists: 0,
    watchRequests: 0,
    openWatches: 0,
    deadWatches: 0,
    gone: 0,
    lastListedAt: 0,
    streamedLists: 0,
  };
  /** Whether the API server takes watch-lists; false once it refused one. */
  private watchListOk: boolean;
  /** While a watch-list's initial events come in: the list they build. */
  private initial: ListRun | undefined;

  constructor(opts: InformerOptions) {
    this.opts = opts;
    this.path = opts.path;
    this.watchListOk = opts.watchList ?? true;
  }

  /** Whether initial lists come as watch-list streams (false once the API server refused one). */
  get streamsLists(): boolean {
    return this.watchListOk;
  }

  /** Whether the cache holds a complete list. Until then, readers must not serve from it. */
  get synced(): boolean {
    return this._synced;
  }

  /** False while an optional CRD is not installed. */
  get installed(): boolean {
    return this._installed;
  }

  get size(): number {
    return this._size;
  }

  /**
   * Whether the last request to the API server worked (a list completed or a watch is open).
   * False from a failed request until the next one works: the cache is then kept but stale.
   */
  get connected(): boolean {
    return this._connected;
  }

  /** Called with the new value each time {@link connected} changes. */
  onConnection(cb: (connected: boolean) => void): () => void {
    this.connectionListeners.add(cb);
    return () => this.connectionListeners.delete(cb);
  }

  private setConnected(connected: boolean): void {
    if (this._connected === connected) return;
    this._connected = connected;
    this.log(connected ? "hub.connected" : "hub.disconnected", {});
    for (const l of this.connectionListeners) l(connected);
  }

  /** Whether {@link start} was called (and not stopped since). */
  get started(): boolean {
    return this.running;
  }

  /** Starts the list+watch loop (idempotent). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopper = new AbortController();
    void this.loop();
  }

  stop(): void {
    this.running = false;
    this.stopper.abort();
    this.currentWatch?.abort();
  }

  /** Resolves once synced (at once if already). */
  whenSynced(): Promise<void> {
    if (this._synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.add(resolve));
  }

  /** Asks for a fresh full list, e.g. because a namespace became a team namespace. Coalesces. */
  relist(): void {
    // An absent optional CRD has nothing to re-list; it is looked for again on its own schedule.
    if (!this.listedOnce || !this._installed) return;
    this.relistRequested = true;
    this.currentWatch?.abort();
  }

  /**
   * Ends a backoff wait now: the hub calls it when another informer reached the API server again,
   * so every kind recovers together instead of each waiting out its own (growing) backoff.
   */
  wake(): void {
    this.wakeBackoff?.();
  }

  onEvent(cb: (e: InformerEvent) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** The objects of one namespace (or of every namespace when omitted). */
  list(namespace?: string): HubObject[] {
    if (namespace !== undefined) return [...(this.byNamespace.get(namespace)?.values() ?? [])];
    const all: HubObject[] = [];
    for (const m of this.byNamespace.values()) all.push(...m.values());
    return all;
  }

  namespaces(): string[] {
    return [...this.byNamespace.keys()];
  }

  /** Total characters of cached JSON (≈ bytes for the ASCII the API server sends). */
  jsonBytes(): number {
    let n = 0;
    for (const m of this.byNamespace.values()) for (const o of m.values()) n += o.json.length;
    return n;
  }

  private log(event: string, fields: Record<string, unknown>): void {
    this.opts.log?.(event, { path: this.path, ...fields });
  }

  private emit(type: HubEventType, object: HubObject): void {
    for (const l of this.listeners) {
      try {
        l({ type, object });
      } catch (err) {
        this.log("hub.listener_error", { err: (err as Error).message });
      }
    }
  }

  private markSynced(): void {
    if (this._synced) return;
    this._synced = true;
    for (const w of this.syncWaiters) w();
    this.syncWaiters.clear();
  }

  private put(o: Cached): Cached | undefined {
    let m = this.byNamespace.get(o.namespace);
    if (!m) {
      m = new Map();
      this.byNamespace.set(o.namespace, m);
    }
    const old = m.get(o.uid);
    m.set(o.uid, o);
    if (old) this.unindex(old);
    else this._size++;
    if (o.resourceVersion) this.byVersion.set(versionKey(o.resourceVersion), o);
    return old;
  }

  private remove(namespace: string, uid: string): Cached | undefined {
    const m = this.byNamespace.get(namespace);
    const old = m?.get(uid);
    if (!m || !old) return undefined;
    m.delete(uid);
    this.unindex(old);
    this._size--;
    if (m.size === 0) this.byNamespace.delete(namespace);
    return old;
  }

  private unindex(o: Cached): void {
    const key = versionKey(o.resourceVersion);
    if (this.byVersion.get(key) === o) this.byVersion.delete(key);
  }

  private cached(namespace: string, uid: string): Cached | undefined {
    return this.byNamespace.get(namespace)?.get(uid);
  }

  /** Starts a full list: a new generation, nothing changed yet. */
  private newList(): ListRun {
    return { generation: ++this.generation, changed: new Map() };
  }

  /**
   * One object of a full list, from its bytes (a list item): a cached object repeated unchanged
   * is marked seen, without decoding it; anything else is parsed and kept as changed.
   */
  private listed(run: ListRun, bytes: Buffer, start: number, end: number): void {
    const same = unchangedObject(bytes, this.byVersion, start, end);
    if (same) {
      if (this.accepts(same.namespace)) same.seen = run.generation;
      return;
    }
    this.listedObject(run, JSON.parse(bytes.toString("utf8", start, end)));
  }

  /** A parsed object of a full list (see {@link listed}). */
  private listedObject(run: ListRun, raw: unknown): void {
    const meta = (raw as { metadata?: Record<string, unknown> } | undefined)?.metadata;
    const ns = typeof meta?.namespace === "string" ? meta.namespace : "";
    if (typeof meta?.uid !== "string" || !this.accepts(ns)) return;
    const prev = this.cached(ns, meta.uid);
    if (prev && prev.resourceVersion === meta.resourceVersion) {
      prev.seen = run.generation;
      return;
    }
    const o = toHubObject(raw);
    if (o) run.changed.set(o.uid, o);
  }

  private accepts(namespace: string): boolean {
    return !this.opts.accept || this.opts.accept(namespace);
  }

  private query(extra: Record<string, string>): string {
    const q = new URLSearchParams(extra);
    if (this.opts.labelSelector) q.set("labelSelector", this.opts.labelSelector);
    return `${this.path}?${q.toString()}`;
  }

  private async loop(): Promise<void> {
    const min = this.opts.minBackoffMs ?? 250;
    const max = this.opts.maxBackoffMs ?? 10_000;
    let failures = 0;
    const backoff = async () => {
      this.setConnected(false);
      const base = Math.min(max, min * 2 ** failures);
      failures++;
      const wake = new AbortController();
      this.wakeBackoff = () => wake.abort();
      await sleep(base * (0.5 + Math.random()), AbortSignal.any([this.stopper.signal, wake.signal]));
      this.wakeBackoff = undefined;
    };
    while (this.running) {
      try {
        if ((this.needList || this.relistRequested) && !this.watchListOk) {
          this.relistRequested = false;
          await (this.opts.listGate ? this.opts.listGate.run(() => this.listAll()) : this.listAll());
          this.needList = false;
          failures = 0;
          if (!this._installed) {
            await sleep(this.opts.absentRecheckMs ?? 300_000, this.stopper.signal);
            this.needList = true;
            continue;
          }
        }
        // With watch-list, a needed list is this watch's initial events (resourceVersion "": the
        // newest state, served from the watch cache); otherwise it resumes from the last one.
        const initial = this.needList || this.relistRequested;
        this.relistRequested = false;
        const { end, alive } = await this.watchOnce(initial);
        if (alive) failures = 0;
        if (!this.running) break;
        if (end === "unsupported") {
          // Not a failure: list page by page from now on, at once.
          this.needList = true;
        } else if (end === "absent") {
          failures = 0;
          await sleep(this.opts.absentRecheckMs ?? 300_000, this.stopper.signal);
          this.needList = true;
        } else if (end === "gone") {
          this.needList = true;
        } else if (end === "closed" && alive) {
          // The server ended the watch at its timeout: resume at once from the last resourceVersion
          // (or, if its initial events had not all come, ask for them again).
        } else if (!this.relistRequested) {
          await backoff();
        }
      } catch (err) {
        if (!this.running) break;
        if (err instanceof GoneError) {
          this.needList = true;
          continue;
        }
        this.log("hub.error", { err: (err as Error).message, failures });
        await backoff();
      }
    }
  }

  /** Lists every page, swaps the cache and, after the first sync, emits the differences. */
  private async listAll(): Promise<void> {
    let run = this.newList();
    let cont = "";
    let rv = "";
    // Pages are read item by item as they stream (no page is held whole), so their size only
    // sets how many requests a list takes.
    const pageSize = String(this.opts.pageSize ?? 500);
    const onItem = (bytes: Buffer, start: number, end: number) => this.listed(run, bytes, start, end);
    for (;;) {
      this.stats.listRequests++;
      const res = await this.opts.transport.request(
        "GET",
        this.query(cont ? { limit: pageSize, continue: cont } : { limit: pageSize }),
        // Bounded, because lists share one gate: a hung page must not hold up every other kind.
        { signal: AbortSignal.any([this.stopper.signal, AbortSignal.timeout(LIST_PAGE_TIMEOUT_MS)]) },
      );
      if (res.status === 404 && this.opts.optional && !cont) {
        res.body.resume();
        this.applyList(this.newList(), "");
        if (this._installed) this.log("hub.absent", {});
        this._installed = false;
        this.setConnected(true);
        return;
      }
      if (res.status === 410) {
        // The continue token expired mid-list: start over. (This was a `continue` in a do…while,
        // whose emptied token ended the loop and swapped in an empty list: every object deleted.)
        res.body.resume();
        this.stats.gone++;
        run = this.newList();
        cont = "";
        rv = "";
        continue;
      }
      if (res.status !== 200) {
        const text = await readText(res.body);
        throw new Error(`LIST ${this.path}: HTTP ${res.status}: ${text.slice(0, 200)}`);
      }
      // The page is split into items as its bytes come: an unchanged object is recognised in its
      // bytes and keeps its entry (one copy, nothing decoded); only changed ones are parsed.
      const splitter = new ListItemSplitter();
      await eachChunk(res.body, (chunk) => {
        splitter.push(chunk, onItem);
        return false;
      });
      const meta = splitter.metadata();
      if (!rv) rv = meta?.resourceVersion ?? "";
      cont = meta?.continue ?? "";
      if (!cont) break;
    }
    this._installed = true;
    this.applyList(run, rv);
    this.setConnected(true);
  }

  /** Makes the cache what a completed full list says and, after the first sync, emits the differences. */
  private applyList(run: ListRun, rv: string): void {
    const emit = this._synced;
    if (this.listedOnce) this.stats.relists++;
    this.listedOnce = true;
    this.stats.lastListedAt = Date.now();
    this.resourceVersion = rv;
    const { generation, changed } = run;
    // forEach rather than for…of: no [key, value] pair or iterator result per object. (Deleting
    // the entry being visited is allowed.)
    this.byNamespace.forEach((m) => {
      m.forEach((o, uid) => {
        if (o.seen === generation || changed.get(uid)?.namespace === o.namespace) return;
        this.remove(o.namespace, uid);
        if (emit) this.emit("DELETED", o);
      });
    });
    changed.forEach((o) => {
      const prev = this.put(o);
      if (emit) this.emit(prev ? "MODIFIED" : "ADDED", o);
    });
    this.log("hub.listed", { objects: this._size, relists: this.stats.relists });
    this.markSynced();
  }

  /**
   * One WATCH, until the server ends it or it fails: from the current resourceVersion, or, when
   * `initial`, a watch-list whose initial events replace the cache once they all came.
   * `alive`: a line came in, or the server kept the watch open for its whole term. A quiet kind
   * gets no bookmark before a short term ends; that end is normal, not a lost connection.
   */
  private async watchOnce(initial = false): Promise<{ end: WatchEnd; alive: boolean }> {
    const timeout = this.opts.watchTimeoutSeconds ?? 60;
    const serverTimeout = Math.round(timeout * (1 + Math.random() * 0.25));
    const ctl = new AbortController();
    this.currentWatch = ctl;
    const onStop = () => ctl.abort();
    this.stopper.signal.addEventListener("abort", onStop, { once: true });
    let dead = false;
    let watchdog: NodeJS.Timeout | undefined;
    // One timer per watch, not one per line (a re-list streams tens of thousands of lines): each
    // line only notes its time, and the timer, when it fires, waits out what is left since then.
    const limitMs = serverTimeout * 2000;
    let lastLineAt = Date.now();
    const check = () => {
      const left = lastLineAt + limitMs - Date.now();
      if (left > 0) {
        watchdog = setTimeout(check, left);
        watchdog.unref?.();
        return;
      }
      dead = true;
      ctl.abort();
    };
    const arm = () => {
      lastLineAt = Date.now();
      if (watchdog) return;
      watchdog = setTimeout(check, limitMs);
      watchdog.unref?.();
    };
    let sawLine = false;
    const opened = Date.now();
    this.stats.watchRequests++;
    arm();
    if (initial) this.initial = this.newList();
    try {
      const res = await this.opts.transport.request(
        "GET",
        this.query(
          initial
            ? {
                watch: "1",
                sendInitialEvents: "true",
                resourceVersionMatch: "NotOlderThan",
                resourceVersion: "",
                allowWatchBookmarks: "true",
                timeoutSeconds: String(serverTimeout),
              }
            : {
                watch: "1",
                resourceVersion: this.resourceVersion,
                allowWatchBookmarks: "true",
                timeoutSeconds: String(serverTimeout),
              },
        ),
        { signal: ctl.signal },
      );
      if (res.status === 410) {
        res.body.resume();
        this.stats.gone++;
        return { end: "gone", alive: sawLine };
      }
      if (initial && res.status === 404 && this.opts.optional) {
        res.body.resume();
        this.applyList(this.newList(), "");
        if (this._installed) this.log("hub.absent", {});
        this._installed = false;
        this.setConnected(true);
        return { end: "absent", alive: true };
      }
      if (res.status !== 200) {
        const text = await readText(res.body).catch(() => "");
        // 400/422 on a watch-list: the WatchList feature is off (or the server predates it). The
        // cache then fills by LIST pages, for good; nothing else is a reason to stop trying.
        if (initial && (res.status === 400 || res.status === 422)) {
          this.watchListOk = false;
          this.log("hub.watchlist_refused", { status: res.status, body: text.slice(0, 200) });
          return { end: "unsupported", alive: true };
        }
        this.log("hub.watch_refused", { status: res.status, body: text.slice(0, 200) });
        return { end: "error", alive: sawLine };
      }
      this.stats.openWatches++;
      if (!initial) this.setConnected(true);
      // Lines are found in the bytes; an unchanged object's line is never decoded (handleLine).
      const lines = new LineSplitter();
      try {
        let gone = false;
        const onLine = (bytes: Buffer, start: number, end: number) => {
          sawLine = true;
          arm();
          gone = this.handleLine(bytes, start, end) === "gone";
          return gone;
        };
        await eachChunk(res.body, (chunk) => {
          lines.push(chunk, onLine);
          return gone;
        });
        if (gone) {
          this.stats.gone++;
          return { end: "gone", alive: sawLine };
        }
      } finally {
        this.stats.openWatches--;
        res.body.destroy();
      }
      // The server's own timer and ours start a few milliseconds apart: allow a little slack.
      return { end: "closed", alive: sawLine || Date.now() - opened >= serverTimeout * 1000 - 250 };
    } catch (err) {
      if (dead) {
        this.stats.deadWatches++;
        this.log("hub.watch_dead", { afterSeconds: serverTimeout * 2 });
        return { end: "dead", alive: sawLine };
      }
      if (ctl.signal.aborted) return { end: "closed", alive: true };
      this.log("hub.watch_failed", { err: (err as Error).message });
      return { end: "error", alive: sawLine };
    } finally {
      // Initial events that did not all come are dropped: the next watch-list starts over.
      this.initial = undefined;
      clearTimeout(watchdog);
      this.stopper.signal.removeEventListener("abort", onStop);
      if (this.currentWatch === ctl) this.currentWatch = undefined;
    }
  }

  /**
   * One of a watch-list's initial events: it goes to the list being built, not the cache. The end
   * bookmark makes the cache what the list says and emits the differences; the stream goes on as
   * the watch from that resourceVersion.
   */
  private handleInitialLine(run: ListRun, ev: { type?: string; object?: unknown }): void {
    const meta = (ev.object as { metadata?: Record<string, unknown> } | undefined)?.metadata;
    if (ev.type === "BOOKMARK") {
      const ann = meta?.annotations as Record<string, string> | undefined;
      if (ann?.[INITIAL_EVENTS_END] !== "true") return;
      this.initial = undefined;
      this._installed = true;
      this.stats.streamedLists++;
      this.applyList(run, typeof meta?.resourceVersion === "string" ? meta.resourceVersion : "");
      this.needList = false;
      this.setConnected(true);
      return;
    }
    if (ev.type === "DELETED") {
      const uid = typeof meta?.uid === "string" ? meta.uid : "";
      run.changed.delete(uid);
      const prev = this.cached(typeof meta?.namespace === "string" ? meta.namespace : "", uid);
      if (prev?.seen === run.generation) prev.seen = 0;
      return;
    }
    this.listedObject(run, ev.object);
  }

  private handleLine(line: Buffer, start: number, end: number): "gone" | undefined {
    // A re-list's lines are mostly objects the cache holds unchanged: keep them without parsing,
    // so the re-list makes almost no garbage beyond the bytes it reads.
    const same = this.initial && unchangedObject(line, this.byVersion, start, end);
    if (same && this.initial) {
      if (this.accepts(same.namespace)) same.seen = this.initial.generation;
      return undefined;
    }
    let ev: { type?: string; object?: { code?: number; metadata?: { resourceVersion?: string } } };
    try {
      ev = JSON.parse(line.toString("utf8", start, end));
    } catch {
      this.log("hub.bad_line", { length: end - start });
      return undefined;
    }
    if (ev.type === "ERROR") {
      // A 410 before the initial events ended drops what they built (see watchOnce's finally).
      if (ev.object?.code === 410) return "gone";
      throw new Error(`watch error ${ev.object?.code ?? "?"}`);
    }
    if (this.initial) {
      this.handleInitialLine(this.initial, ev);
      return undefined;
    }
    if (ev.type === "BOOKMARK") {
      const rv = ev.object?.metadata?.resourceVersion;
      if (rv) this.resourceVersion = rv;
      return undefined;
    }
    const o = toHubObject(ev.object);
    if (!o) return undefined;
    this.resourceVersion = o.resourceVersion || this.resourceVersion;
    if (ev.type === "DELETED") {
      const old = this.remove(o.namespace, o.uid);
      if (old) this.emit("DELETED", o);
      return undefined;
    }
    if (ev.type !== "ADDED" && ev.type !== "MODIFIED") return undefined;
    if (!this.accepts(o.namespace)) {
      const old = this.remove(o.namespace, o.uid);
      if (old) this.emit("DELETED", old);
      return undefined;
    }
    const old = this.put(o);
    this.emit(old ? "MODIFIED" : "ADDED", o);
    return undefined;
  }
}
