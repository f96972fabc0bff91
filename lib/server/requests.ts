import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, Server, ServerResponse } from "node:http";

/** One finished HTTP request, as the process's HTTP server saw it. */
export type FinishedRequest = {
  method: string;
  /** Path without the query string. */
  path: string;
  status: number;
  seconds: number;
  /** False when the client went away before the response was complete. */
  completed: boolean;
};

type RequestsState = {
  server?: Server;
  subscribed: boolean;
  inFlight: number;
  onIdle: Set<() => void>;
  onFinished: Set<(r: FinishedRequest) => void>;
};

// On globalThis: instrumentation and the route handlers are separate bundles in one process, and
// all of them must see the one server and the one count.
const KEY = Symbol.for("kaas-console.requests");
const g = globalThis as { [KEY]?: RequestsState };

function state(): RequestsState {
  g[KEY] ??= { subscribed: false, inFlight: 0, onIdle: new Set(), onFinished: new Set() };
  return g[KEY];
}

type StartMessage = { request: IncomingMessage; response: ServerResponse; server: Server };

/**
 * Follows every request of the process's HTTP server through Node's `http.server.request.start`
 * diagnostics channel: Next's standalone server.js owns the server, and this is how the console
 * learns of it (to stop it listening on shutdown), counts requests in flight and times them,
 * without wrapping Next. Idempotent.
 */
export function observeRequests(): void {
  const s = state();
  if (s.subscribed) return;
  s.subscribed = true;
  subscribe("http.server.request.start", (message) => {
    const { request, response, server } = message as StartMessage;
    s.server ??= server;
    s.inFlight++;
    const started = performance.now();
    let finished = false;
    response.once("finish", () => {
      finished = true;
    });
    // `close` comes for every response, complete or aborted, exactly once.
    response.once("close", () => {
      s.inFlight--;
      const path = (request.url ?? "/").split("?")[0] ?? "/";
      const done: FinishedRequest = {
        method: request.method ?? "GET",
        path,
        status: response.statusCode,
        seconds: (performance.now() - started) / 1000,
        completed: finished,
      };
      for (const l of s.onFinished) l(done);
      if (s.inFlight === 0) for (const l of s.onIdle) l();
    });
  });
}

/** The HTTP server, once it served a first request (Kubernetes probes it within seconds). */
export function httpServer(): Server | undefined {
  return state().server;
}

/** Requests whose responses have not closed yet (live streams included). */
export function requestsInFlight(): number {
  return state().inFlight;
}

/** Resolves once no request is in flight. */
export function whenNoRequestsInFlight(): Promise<void> {
  const s = state();
  if (s.inFlight === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      s.onIdle.delete(done);
      resolve();
    };
    s.onIdle.add(done);
  });
}

/** Calls `listener` after each request (for request metrics). */
export function onRequestFinished(listener: (r: FinishedRequest) => void): () => void {
  const s = state();
  s.onFinished.add(listener);
  return () => s.onFinished.delete(listener);
}
