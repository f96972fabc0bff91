import type { Readable } from "node:stream";
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
      const res = await dispatcher.request({
        origin: new URL(server).origin,
        path: `${new URL(server).pathname.replace(/\/$/, "")}${path}`,
        method,
        headers: {
          ...headers,
          accept: "application/json",
          ...(opts.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: opts.body,
        signal: opts.signal,
      });
      // A bearer token may have been rotated (in-cluster service account): fetch it again next time.
      if (res.statusCode === 401) {
        const stale = auth;
        auth = undefined;
        void stale.then((a) => a.dispatcher.close()).catch(() => {});
      }
      return { status: res.statusCode, body: res.body };
    },
    async close() {
      const a = auth;
      auth = undefined;
      if (a) await (await a).dispatcher.destroy().catch(() => {});
    },
  };
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
