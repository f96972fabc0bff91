/**
 * A small real HTTP server on loopback that speaks the Kubernetes list/watch protocol for one
 * resource (`/apis/example.kaas/v1/widgets`): paged-free LIST with a resourceVersion, WATCH from a
 * resourceVersion with bookmarks and `timeoutSeconds`, 410 Gone for compacted versions; watch-list
 * (`sendInitialEvents`) refused with 422 as by an API server without the WatchList feature. Tests
 * restart it, compact it and make its watches go silent, which the shared plane must never do.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

export const WIDGETS_PATH = "/apis/example.kaas/v1/widgets";

type Widget = { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec?: unknown };
type Change = { rv: number; type: "ADDED" | "MODIFIED" | "DELETED"; object: Widget };

export class KubeProtocolServer {
  port = 0;
  /** LIST requests answered (every 200). */
  lists = 0;
  watches = 0;
  /** Watch-list requests (`sendInitialEvents=true`) answered 422, as with the WatchList feature off. */
  watchListsRefused = 0;
  /** When true, new watches are accepted and then never written to nor closed (a dead peer). */
  silentWatches = false;
  private rv = 1;
  private compactedRv = 0;
  private readonly objects = new Map<string, Widget>();
  private readonly history: Change[] = [];
  private readonly live = new Set<(c: Change) => void>();
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private uidSeq = 0;

  async start(port = 0): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Stops like a crashed API server: listening ends and every open connection is cut. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    this.live.clear();
    for (const sock of this.sockets) sock.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Forgets history up to now: watches from older versions get 410 Gone (like etcd compaction). */
  compact(): void {
    this.compactedRv = this.rv;
    this.history.length = 0;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  put(name: string, spec: unknown): void {
    const existing = this.objects.get(name);
    this.rv++;
    const obj: Widget = {
      apiVersion: "example.kaas/v1",
      kind: "Widget",
      metadata: {
        name,
        namespace: "demo",
        uid: (existing?.metadata.uid as string) ?? `uid-${++this.uidSeq}`,
        resourceVersion: String(this.rv),
        managedFields: [{ manager: "test", operation: "Apply" }],
      },
      spec,
    };
    this.objects.set(name, obj);
    this.record({ rv: this.rv, type: existing ? "MODIFIED" : "ADDED", object: obj });
  }

  delete(name: string): void {
    const obj = this.objects.get(name);
    if (!obj) return;
    this.objects.delete(name);
    this.rv++;
    this.record({
      rv: this.rv,
      type: "DELETED",
      object: { ...obj, metadata: { ...obj.metadata, resourceVersion: String(this.rv) } },
    });
  }

  private record(c: Change): void {
    this.history.push(c);
    for (const l of this.live) l(c);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname !== WIDGETS_PATH || req.method !== "GET") {
      res.writeHead(404, { "content-type": "application/json" }).end('{"kind":"Status","code":404}');
      return;
    }
    if (url.searchParams.get("watch") === "1" || url.searchParams.get("watch") === "true") {
      if (url.searchParams.get("sendInitialEvents") === "true") {
        // Like a kube-apiserver with the WatchList feature off: the watch-list is refused as
        // invalid, and the client must fill its cache with LIST + WATCH, the path these tests cover.
        this.watchListsRefused++;
        res.writeHead(422, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            kind: "Status",
            apiVersion: "v1",
            status: "Failure",
            reason: "Invalid",
            code: 422,
            message: "sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled",
          }),
        );
        return;
      }
      this.watch(url, req, res);
      return;
    }
    this.lists++;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        apiVersion: "example.kaas/v1",
        kind: "WidgetList",
        metadata: { resourceVersion: String(this.rv) },
        items: [...this.objects.values()],
      }),
    );
  }

  private watch(url: URL, req: IncomingMessage, res: ServerResponse): void {
    this.watches++;
    if (this.silentWatches) {
      res.writeHead(200, { "content-type": "application/json" });
      res.flushHeaders();
      return;
    }
    const from = Number(url.searchParams.get("resourceVersion") ?? "0");
    res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
    const line = (o: unknown) => res.write(`${JSON.stringify(o)}\n`);
    if (from < this.compactedRv) {
      line({
        type: "ERROR",
        object: { kind: "Status", code: 410, reason: "Expired", message: "too old resource version" },
      });
      res.end();
      return;
    }
    for (const c of this.history) if (c.rv > from) line({ type: c.type, object: c.object });
    const onChange = (c: Change) => line({ type: c.type, object: c.object });
    this.live.add(onChange);
    const bookmarks =
      url.searchParams.get("allowWatchBookmarks") === "true"
        ? setInterval(
            () =>
              line({
                type: "BOOKMARK",
                object: {
                  kind: "Widget",
                  apiVersion: "example.kaas/v1",
                  metadata: { resourceVersion: String(this.rv) },
                },
              }),
            200,
          )
        : undefined;
    const timeout = setTimeout(
      () => res.end(),
      Number(url.searchParams.get("timeoutSeconds") ?? "60") * 1000,
    );
    req.on("close", () => {
      this.live.delete(onChange);
      clearInterval(bookmarks);
      clearTimeout(timeout);
    });
  }
}
