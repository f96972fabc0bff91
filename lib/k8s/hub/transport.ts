import { Readable } from "node:stream";
import { HttpMethod, KubeConfig, RequestContext } from "@kubernetes/client-node";
import { Agent, type Dispatcher } from "undici";

/** A response whose body is read as a stream (watches) or whole (lists, reviews). */
export type HubResponse = { status: number; body: Readable };

/**
 * How the hub reaches the API server: one keep-alive connection pool for its lists, watches and
 * access reviews. Client-node builds a new undici Agent (so a new TLS connection) for every
 * request it authenticates; the hub takes the credentials from the KubeConfig once and keeps one
 * dispatcher, so access reviews ride warm connections and restarts leave no sockets behind.
 */
export type HubTransport = {
  readonly server: string;
  request(
    method: "GET" | "POST",
    path: string,
    opts?: { body?: string; signal?: AbortSignal },
  ): Promise<HubResponse>;
  close(): Promise<void>;
};

/** A transport with the credentials and TLS settings of a kubeconfig's current context. */
export function kubeConfigTransport(kc: KubeConfig): HubTransport {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("kubeconfig has no current cluster");
  const server = cluster.server.replace(/\/+$/, "");
  let auth: Promise<{ headers: Record<string, string>; dispatcher: Dispatcher }> | undefined;

  const authenticate = async () => {
    const ctx = new RequestContext(server, HttpMethod.GET);
    await kc.applySecurityAuthentication(ctx);
    const dispatcher = ctx.getDispatcher() ?? new Agent({ connect: { keepAlive: true } });
    return { headers: { ...ctx.getHeaders() }, dispatcher };
  };

  return {
    server,
    async request(method, path, opts = {}) {
      auth ??= authenticate();
      const { headers, dispatcher } = await auth;
      const res = await dispatchDirect(
        dispatcher,
        {
          origin: new URL(server).origin,
          path: `${new URL(server).pathname.replace(/\/$/, "")}${path}`,
          method,
          headers: {
            ...headers,
            accept: "application/json",
            ...(opts.body === undefined ? {} : { "content-type": "application/json" }),
          },
          body: opts.body,
        },
        opts.signal,
      );
      // A bearer token may have been rotated (in-cluster service account): fetch it again next time.
      if (res.status === 401) {
        const stale = auth;
        auth = undefined;
        void stale.then((a) => a.dispatcher.close()).catch(() => {});
      }
      return res;
    },
    async close() {
      const a = auth;
      auth = undefined;
      if (a !== undefined) await (await a).dispatcher.destroy().catch(() => {});
    },
  };
}

/**
 * A response body that hands its chunks straight from the dispatcher's callbacks to one reader
 * ({@link readChunks}), with no stream machinery per chunk. The API server flushes every watch
 * event on its own, so a re-list arrives as tens of thousands of chunks, and a Readable's push,
 * `data` event and read-ahead tick per chunk (undici's response body) were most of the garbage a
 * re-list still made. Used any other way (resume, async iteration, destroy) it is an ordinary
 * Readable.
 */
export class DirectBody extends Readable {
  private reader: ((chunk: Buffer) => void) | undefined;
  private finish: ((err?: Error) => void) | undefined;
  private complete = false;
  private failure: Error | undefined;
  private readonly controller: Dispatcher.DispatchController;

  constructor(controller: Dispatcher.DispatchController) {
    super();
    this.controller = controller;
  }

  /**
   * Hands each chunk to `onChunk` as it comes, until the body ends or `onChunk` answers true;
   * rejects when the body fails (aborted, connection lost). Chunks are valid during the call only.
   */
  readChunks(onChunk: (chunk: Buffer) => boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.finish = (err) => {
        this.reader = undefined;
        this.finish = undefined;
        if (err) reject(err);
        else resolve();
      };
      this.reader = (chunk) => {
        let stop: boolean;
        try {
          stop = onChunk(chunk);
        } catch (err) {
          this.finish?.(err as Error);
          return;
        }
        if (stop) this.finish?.();
      };
      // Chunks that came before the reader (HTTP/1.1 can bring the first one with the headers).
      for (let c: Buffer | null = this.read(); c !== null && this.reader; c = this.read()) this.reader(c);
      if (this.failure) this.finish?.(this.failure);
      else if (this.complete) this.finish?.();
      else if (this.destroyed) this.finish?.(new Error("response closed before its end"));
    });
  }

  /** From the dispatcher: a chunk of the body. */
  deliver(chunk: Buffer): void {
    if (this.reader) this.reader(chunk);
    else if (!this.push(chunk)) this.controller.pause();
  }

  /** From the dispatcher: the body is complete. */
  completed(): void {
    this.complete = true;
    if (this.finish) this.finish();
    else this.push(null);
  }

  /** From the dispatcher: the body failed. */
  failed(err: Error): void {
    this.failure = err;
    this.finish?.(err);
    // Whoever reads it sees the error; nobody reading must not make it an uncaught one.
    this.on("error", () => {});
    this.destroy(err);
  }

  override _read(): void {
    this.controller.resume();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (!this.complete && !this.failure) {
      this.controller.abort(err ?? new Error("response body destroyed"));
      // A reader still waiting learns that the body is gone.
      this.finish?.(err ?? new Error("response closed before its end"));
    }
    cb(err);
  }
}

/**
 * One request through the dispatcher's own callbacks: resolves with the status once the response
 * starts, its body a {@link DirectBody}; `signal` aborts it at any point.
 */
function dispatchDirect(
  dispatcher: Dispatcher,
  opts: Dispatcher.DispatchOptions,
  signal: AbortSignal | undefined,
): Promise<HubResponse> {
  return new Promise<HubResponse>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let body: DirectBody | undefined;
    let settled = false;
    const onAbort = () => {
      const reason = signal?.reason instanceof Error ? signal.reason : new Error("request aborted");
      controller?.abort(reason);
      if (!settled) {
        settled = true;
        reject(reason);
      }
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => signal?.removeEventListener("abort", onAbort);
    dispatcher.dispatch(opts, {
      onRequestStart(c) {
        controller = c;
        if (signal?.aborted) c.abort(signal.reason);
      },
      onResponseStart(c, statusCode) {
        if (statusCode < 200) return;
        body = new DirectBody(c);
        settled = true;
        resolve({ status: statusCode, body });
      },
      onResponseData(_c, chunk) {
        body?.deliver(chunk);
      },
      onResponseEnd() {
        done();
        body?.completed();
      },
      onResponseError(_c, err) {
        done();
        if (body) body.failed(err);
        else if (!settled) {
          settled = true;
          reject(err);
        }
      },
    });
  });
}

/** Reads a whole response body as text. */
export async function readText(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A transport from a kubeconfig file (scripts and tests; the console uses `consoleKubeConfig()`). */
export function kubeConfigFileTransport(path: string): HubTransport {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kubeConfigTransport(kc);
}

/** A transport to a bare server URL with a bearer token (tests against a loopback peer). */
export function serverTransport(server: string, token: string, skipTLSVerify = false): HubTransport {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "server", server, skipTLSVerify }],
    users: [{ name: "hub", token }],
    contexts: [{ name: "server", cluster: "server", user: "hub" }],
    currentContext: "server",
  });
  return kubeConfigTransport(kc);
}
