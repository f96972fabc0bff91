/**
 * The restart target of DESIGN.md: a watch hub over every kind survives 50 kills and restarts of
 * a real kube-apiserver with at most one re-list per kind per restart, catches up within a second
 * of the API server being ready, and leaves no sockets behind. Two hubs, one per initial-list
 * path (watch-list streams and paged LISTs), watch the same API server and are killed together.
 * Runs on a second API server with its own etcd prefix (dev/plane/extra-apiserver.ts), so the
 * shared plane stays up; the Cluster API and Cluster Stacks CRDs are copied into it.
 */
import { readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adminCredentials, PORTS, planePki } from "../plane/control.ts";
import { deleteEtcdPrefix, startExtraApiserver } from "../plane/extra-apiserver.ts";
import { kubeRequest } from "../plane/kube.ts";
import { kubeconfigFor } from "../plane/pki.ts";
import { stopOnInterrupt } from "./cleanup.ts";

const { WatchHub } = await import("../../lib/k8s/hub/hub.ts");
const { TEAM_LABEL } = await import("../../lib/k8s/names.ts");
const { kubeConfigFileTransport } = await import("../../lib/k8s/hub/transport.ts");
const { HUB_KINDS, hubKindNames } = await import("../../lib/k8s/hub/kinds.ts");

const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

/** Sockets this process holds open (every fd that is a socket). */
export function openSockets(): number {
  let n = 0;
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith("socket:")) n++;
    } catch {
      // closed while we looked
    }
  }
  return n;
}

async function until(
  what: string,
  check: () => boolean,
  timeoutMs = 120_000,
  state: () => unknown = () => "",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`bench restarts: gave up waiting for ${what}: ${JSON.stringify(state())}`);
    await sleep(10);
  }
}

/** What one hub (one initial-list path) went through over the restarts. */
export type RestartPathReport = {
  path: "watch-list" | "paged LIST";
  restarts: number;
  maxRelistsPerKindPerRestart: number;
  /** The most re-lists any one kind made over all restarts (≤ restarts: at most one per restart). */
  maxRelistsOfOneKind: number;
  totalRelists: number;
  gone: number;
  /** LIST requests over all restarts (0 where every re-list came as a watch-list stream). */
  listRequests: number;
  /** Open sockets of the whole bench process (both hubs). */
  socketsBefore: number;
  socketsAfter: number;
  medianCatchUpMs: number;
  p95CatchUpMs: number;
};

export type RestartReport = { restarts: number; kinds: number; paths: RestartPathReport[] };

/** Kills and restarts an API server `n` times under a hub of each initial-list path and reports what it cost. */
export async function benchRestarts(n: number, log: (m: string) => void): Promise<RestartReport> {
  const main = adminCredentials();
  const etcdPrefix = `/kaas-bench-restarts-${process.pid}`;
  const api = await startExtraApiserver(etcdPrefix);
  const unregister = stopOnInterrupt(() => api.stop());
  const hubPath = join(tmpdir(), `kaas-bench-restarts-${process.pid}.kubeconfig`);
  writeFileSync(hubPath, kubeconfigFor(planePki(), "admin", "admin", api.url), { mode: 0o600 });
  const paths = [
    { path: "watch-list" as const, watchList: true },
    { path: "paged LIST" as const, watchList: false },
  ].map((p) => {
    const transport = kubeConfigFileTransport(hubPath);
    const hub = new WatchHub({
      transport,
      watchTimeoutSeconds: 60,
      watchList: p.watchList,
      log: process.env.BENCH_DEBUG
        ? (event, fields) => log(`${Date.now()} ${p.path} ${event} ${JSON.stringify(fields)}`)
        : undefined,
    });
    return { ...p, transport, hub, catchUp: [] as number[], maxPerKind: 0 };
  });
  try {
    // The CRDs of every hub kind, copied from the shared plane (conversion webhooks by URL work
    // from here too: same CA, same managers).
    for (const spec of Object.values(HUB_KINDS)) {
      if (!spec.group) continue;
      const res = await kubeRequest(
        main,
        "GET",
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${spec.plural}.${spec.group}`,
      );
      if (res.status === 404) continue;
      const crd = res.body as {
        metadata: { name: string; labels?: unknown; annotations?: unknown };
        spec: unknown;
      };
      await kubeRequest(api.admin, "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: crd.metadata.name, labels: crd.metadata.labels },
        spec: crd.spec,
      });
    }
    const ns = "bench-restarts";
    await kubeRequest(api.admin, "POST", "/api/v1/namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: ns, labels: { [TEAM_LABEL]: ns } },
    });
    // Wait for the CRDs to be served, then give the caches something to hold.
    for (let i = 0; i < 20; i++) {
      for (;;) {
        const r = await kubeRequest(
          api.admin,
          "POST",
          `/apis/cluster.x-k8s.io/v1beta2/namespaces/${ns}/clusters`,
          {
            apiVersion: "cluster.x-k8s.io/v1beta2",
            kind: "Cluster",
            metadata: { name: `r-${i}`, namespace: ns },
            spec: {
              paused: true,
              infrastructureRef: {
                apiGroup: "infrastructure.cluster.x-k8s.io",
                kind: "DevCluster",
                name: `r-${i}`,
              },
            },
          },
        );
        if (r.status === 201 || r.status === 409) break;
        await sleep(200);
      }
    }
    for (const p of paths) p.hub.start();
    for (const p of paths)
      for (const k of hubKindNames) await until(`the ${p.path} hub's ${k}`, () => p.hub.informer(k).synced);
    const kinds = hubKindNames.filter((k) => paths[0]?.hub.informer(k).installed);
    const live = (hub: (typeof paths)[number]["hub"]) => hub.upstreamLive(kinds);
    for (const p of paths) await until(`the ${p.path} hub to be live`, () => live(p.hub));
    const counters = (hub: (typeof paths)[number]["hub"]) => {
      const s = hub.status();
      return {
        relists: Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.relists])),
        gone: Object.values(s).reduce((t, x) => t + x.gone, 0),
        lists: Object.values(s).reduce((t, x) => t + x.listRequests, 0),
      };
    };
    await sleep(1000);
    const socketsBefore = openSockets();
    const start = paths.map((p) => counters(p.hub));
    for (let i = 0; i < n; i++) {
      const before = paths.map((p) => counters(p.hub).relists);
      if (process.env.BENCH_DEBUG) log(`${Date.now()} kill ${i + 1}`);
      await api.kill();
      for (const p of paths) await until(`the ${p.path} hub to notice the restart`, () => !live(p.hub));
      await api.start();
      // start() returns once /readyz answered 200: catch-up counts from here.
      const t = Date.now();
      if (process.env.BENCH_DEBUG) log(`${Date.now()} started ${i + 1}`);
      await Promise.all(
        paths.map(async (p) => {
          await until(
            `the ${p.path} hub to be live again`,
            () => live(p.hub),
            120_000,
            () =>
              Object.fromEntries(
                [
                  ["namespaces", p.hub.namespaces] as const,
                  ...kinds.map((k) => [k, p.hub.informer(k)] as const),
                ].map(([k, inf]) => [k, { connected: inf.connected, ...inf.stats }]),
              ),
          );
          p.catchUp.push(Date.now() - t);
        }),
      );
      // A watch may open and then answer 410 in its first line: let such a re-list land in this
      // round rather than the next.
      await sleep(1000);
      paths.forEach((p, j) => {
        const after = counters(p.hub).relists;
        for (const k of Object.keys(after)) {
          const d = (after[k] ?? 0) - (before[j]?.[k] ?? 0);
          if (d > 1) log(`restart ${i + 1}: ${p.path} ${k} re-listed ${d} times`);
          p.maxPerKind = Math.max(p.maxPerKind, d);
        }
      });
      if ((i + 1) % 10 === 0) log(`restarts: ${i + 1}/${n}`);
    }
    // Let sockets of the last round settle (closed watches are released asynchronously).
    await sleep(2000);
    const socketsAfter = openSockets();
    return {
      restarts: n,
      kinds: kinds.length + 1,
      paths: paths.map((p, j) => {
        const end = counters(p.hub);
        const s0 = start[j] ?? { relists: {}, gone: 0, lists: 0 };
        let total = 0;
        let maxTotal = 0;
        for (const k of Object.keys(end.relists)) {
          const d = (end.relists[k] ?? 0) - (s0.relists[k] ?? 0);
          total += d;
          maxTotal = Math.max(maxTotal, d);
        }
        const sorted = [...p.catchUp].sort((a, b) => a - b);
        return {
          path: p.path,
          restarts: n,
          maxRelistsPerKindPerRestart: p.maxPerKind,
          maxRelistsOfOneKind: maxTotal,
          totalRelists: total,
          gone: end.gone - s0.gone,
          listRequests: end.lists - s0.lists,
          socketsBefore,
          socketsAfter,
          medianCatchUpMs: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
          p95CatchUpMs: sorted[Math.ceil(sorted.length * 0.95) - 1] ?? Number.NaN,
        };
      }),
    };
  } finally {
    for (const p of paths) {
      p.hub.stop();
      await p.transport.close();
    }
    await api.stop();
    unregister();
    // Its objects live under a prefix of their own that nothing else reads: drop them.
    await deleteEtcdPrefix(`http://127.0.0.1:${PORTS.etcdClient}`, `${etcdPrefix}/`).catch(() => {});
  }
}
