/**
 * Two standalone consoles on different ports sharing one PostgreSQL, each with its own watch hub,
 * behind a small round-robin loopback proxy (what a Service or ingress does): migrations run once
 * when both start together, a session made on one is good on the other, a cluster written to the
 * management cluster shows up in streams served by both, and SIGTERM to the replica serving a
 * stream moves it to the other through the proxy with the same rows and no sign-out.
 */
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { closeDb, type DbConnection } from "@/db/client.ts";
import { adminCredentials } from "@/dev/plane/control.ts";
import { kubeRequest } from "@/dev/plane/kube.ts";
import { type RunningPostgres, startPostgres } from "@/dev/postgres.ts";
import { repoRoot } from "@/dev/world.ts";
import { StreamReader } from "./support/sse-reader.ts";
import {
  openDatabase,
  type Standalone,
  sessionCookie,
  standaloneFolder,
  startStandalone,
} from "./support/standalone.ts";

const admin = adminCredentials();
const run = randomBytes(3).toString("hex");
const clusterName = `replicas-${run}`;
let pg: RunningPostgres;
let replicas: Standalone[] = [];
let db: DbConnection;
let proxy: Server;
let proxyUrl: string;
const served: string[] = [];

/** Round robin over the replicas that still accept connections (as a Service's endpoints would). */
function startProxy(backends: () => string[]): Promise<void> {
  let next = 0;
  proxy = createServer((req, res) => {
    const targets = backends();
    const attempt = (tries: number) => {
      const target = targets[next++ % targets.length];
      if (!target || tries >= targets.length) {
        res.writeHead(502).end();
        return;
      }
      const url = new URL(req.url ?? "/", target);
      const upstream = request(url, { method: req.method, headers: req.headers }, (up) => {
        if (req.url?.startsWith("/api/stream")) served.push(target);
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on("error", () => attempt(tries + 1));
      req.pipe(upstream);
    };
    attempt(0);
  });
  return new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
}

beforeAll(async () => {
  // Up to 600 s: includes `next build` when the standalone folder is older than the sources.
  standaloneFolder();
  pg = await startPostgres({ port: 0 });
  const env = { DATABASE_URL: pg.url, KAAS_SEED_DEMO_TEAMS: "1", KAAS_SHUTDOWN_GRACE: "15" };
  // Both at once: the advisory lock must serialize their migrations.
  replicas = await Promise.all([startStandalone({ port: 3394, env }), startStandalone({ port: 3395, env })]);
  db = openDatabase(pg.url);
  await startProxy(() => replicas.filter((r) => r.child.exitCode === null).map((r) => r.url));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 600_000);

afterAll(async () => {
  const path = `/apis/cluster.x-k8s.io/v1beta2/namespaces/team-a/clusters/${clusterName}`;
  await kubeRequest(admin, "DELETE", path);
  // A paused Cluster is not finalized by the controllers.
  await kubeRequest(admin, "PATCH", path, { metadata: { finalizers: null } }, "application/merge-patch+json");
  proxy?.close();
  proxy?.closeAllConnections();
  for (const r of replicas) await r.stop();
  if (db) await closeDb(db);
  await pg?.stop();
});

function openStream(base: string, cookie: string): Promise<StreamReader> {
  return fetch(`${base}/api/stream?kinds=clusters&namespaces=team-a`, {
    headers: { cookie, accept: "text/event-stream" },
  }).then((res) => {
    expect(res.status).toBe(200);
    if (!res.body) throw new Error("no body");
    return new StreamReader(res.body);
  });
}

const names = (items: unknown[] | undefined) =>
  (items ?? []).map((o) => (o as { metadata: { name: string } }).metadata.name).sort();

async function kubectlNames(): Promise<string[]> {
  const res = await kubeRequest(admin, "GET", "/apis/cluster.x-k8s.io/v1beta2/namespaces/team-a/clusters");
  return (JSON.parse(res.text) as { items: { metadata: { name: string } }[] }).items
    .map((c) => c.metadata.name)
    .sort();
}

test("both replicas started together applied each migration once", async () => {
  const files = readdirSync(join(repoRoot, "db", "migrations")).filter((f) => f.endsWith(".sql"));
  const rows = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  expect(rows.rows[0]?.n).toBe(files.length);
});

test("a session from one replica holds on the other, and a new cluster reaches streams of both", async () => {
  const cookie = await sessionCookie(db, "bob", ["team-a"]);
  const [a, b] = await Promise.all(replicas.map((r) => openStream(r.url, cookie)));
  if (!a || !b) throw new Error("streams");
  for (const s of [a, b])
    await s.waitFor("team-a's snapshot", () => s.events("snapshot").some((e) => e.namespace === "team-a"));

  const created = await kubeRequest(
    admin,
    "POST",
    "/apis/cluster.x-k8s.io/v1beta2/namespaces/team-a/clusters",
    {
      apiVersion: "cluster.x-k8s.io/v1beta2",
      kind: "Cluster",
      metadata: { name: clusterName, namespace: "team-a" },
      // Paused with a reference the webhook wants and no controller follows (as e2e/live.spec.ts does).
      spec: {
        paused: true,
        infrastructureRef: {
          apiGroup: "infrastructure.cluster.x-k8s.io",
          kind: "DevCluster",
          name: clusterName,
        },
      },
    },
  );
  expect(created.status, created.text).toBe(201);
  for (const s of [a, b])
    await s.waitFor(`${clusterName} live`, () =>
      s
        .events("change")
        .some((e) => (e.object as { metadata: { name: string } }).metadata.name === clusterName),
    );
  a.cancel();
  b.cancel();
});

test("SIGTERM to the replica serving a stream moves it to the other, same rows, still signed in", async () => {
  const cookie = await sessionCookie(db, "bob", ["team-a"]);
  const first = await openStream(proxyUrl, cookie);
  await first.waitFor("team-a's snapshot", () =>
    first.events("snapshot").some((e) => e.namespace === "team-a"),
  );
  const before = names(first.events("snapshot").find((e) => e.namespace === "team-a")?.items);
  const servingUrl = served.at(-1);
  const serving = replicas.find((r) => r.url === servingUrl);
  if (!serving) throw new Error("no serving replica");

  serving.child.kill("SIGTERM");
  const killed = performance.now();
  await first.waitFor("the reconnect event", (t) => t.includes("event: reconnect\n"));
  // What the browser does on that event: connect again at once, through the same front door.
  const second = await openStream(proxyUrl, cookie);
  await second.waitFor("team-a's snapshot", () =>
    second.events("snapshot").some((e) => e.namespace === "team-a"),
  );
  const movedMs = Math.round(performance.now() - killed);
  const after = names(second.events("snapshot").find((e) => e.namespace === "team-a")?.items);

  expect(served.at(-1)).not.toBe(servingUrl);
  expect(await serving.exited).toBe(0);
  const truth = await kubectlNames();
  expect(after).toEqual(truth);
  expect(before).toEqual(truth);
  expect(new Set(after).size).toBe(after.length);
  expect(second.text).not.toContain("event: end\n");
  console.log(
    `stream moved from ${servingUrl} to ${served.at(-1)} in ${movedMs} ms after SIGTERM; team-a rows ${after.length} = kubectl get clusters -n team-a (${truth.join(", ")})`,
  );
  second.cancel();
});
