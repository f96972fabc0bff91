import { httpServer, requestsInFlight, whenNoRequestsInFlight } from "./requests.ts";

/** What a live stream gives the shutdown: a way to tell its browser to reconnect elsewhere now. */
export type LiveStreamHandle = { reconnect: () => void };

type ShutdownState = { draining: boolean; installed: boolean; streams: Set<LiveStreamHandle> };

// On globalThis: the SSE route registers streams from its bundle, instrumentation drains them from its own.
const KEY = Symbol.for("kaas-console.shutdown");
const g = globalThis as { [KEY]?: ShutdownState };

function state(): ShutdownState {
  g[KEY] ??= { draining: false, installed: false, streams: new Set() };
  return g[KEY];
}

/** True from SIGTERM on: readiness fails and new live streams are sent on at once. */
export function isDraining(): boolean {
  return state().draining;
}

/**
 * Registers an open live stream, so a shutdown can send its browser to another replica. A stream
 * opened while draining is told at once. Returns the function that unregisters it.
 */
export function registerLiveStream(handle: LiveStreamHandle): () => void {
  const s = state();
  s.streams.add(handle);
  if (s.draining) queueMicrotask(() => handle.reconnect());
  return () => s.streams.delete(handle);
}

/** Live streams open in this process. */
export function openLiveStreams(): number {
  return state().streams.size;
}

/** The grace period from `KAAS_SHUTDOWN_GRACE` (seconds, default 20). */
export function shutdownGraceMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.KAAS_SHUTDOWN_GRACE;
  if (raw === undefined || raw === "") return 20_000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new Error(`KAAS_SHUTDOWN_GRACE must be a number of seconds, not ${JSON.stringify(raw)}`);
  return seconds * 1000;
}

export type ShutdownOptions = {
  graceMs: number;
  /** Releases what the process holds (the hub's watches, the database pool), after the last request. */
  release: () => Promise<void>;
  log: (event: string, fields: Record<string, unknown>) => void;
};

/**
 * Replaces Next's own SIGTERM/SIGINT handling (which closes the server, waits for every connection
 * without limit, so forever with a live stream open, and exits 143) with a drain: stop listening,
 * tell every live stream to reconnect (the browser does so at once, reaching another replica), let
 * requests in flight finish, release the hub and the database pool, and exit 0, or exit 1 when the
 * grace period ends first. Call once, from instrumentation's `register`, after Next installed its
 * handlers.
 */
export function installShutdown(opts: ShutdownOptions): void {
  const s = state();
  if (s.installed) return;
  s.installed = true;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.removeAllListeners(signal);
    process.once(signal, () => void drain(signal, opts));
  }
}

async function drain(signal: string, opts: ShutdownOptions): Promise<void> {
  const s = state();
  if (s.draining) return;
  s.draining = true;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  opts.log("shutdown.start", {
    signal,
    graceMs: opts.graceMs,
    inFlight: requestsInFlight(),
    liveStreams: s.streams.size,
  });
  const deadline = setTimeout(() => {
    opts.log("shutdown.forced", { elapsedMs: elapsed(), inFlight: requestsInFlight() });
    process.exit(1);
  }, opts.graceMs);

  const server = httpServer();
  // No new connections; idle keep-alive connections close, busy ones after their response.
  server?.close();
  server?.closeIdleConnections();
  const streams = s.streams.size;
  for (const stream of [...s.streams]) stream.reconnect();
  await whenNoRequestsInFlight();
  server?.closeIdleConnections();
  opts.log("shutdown.drained", { elapsedMs: elapsed(), liveStreamsMoved: streams });
  try {
    await opts.release();
  } catch (err) {
    opts.log("shutdown.release-failed", { err: (err as Error).message });
  }
  clearTimeout(deadline);
  opts.log("shutdown.done", { elapsedMs: elapsed() });
  process.exit(0);
}
