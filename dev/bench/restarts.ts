/**
 * The restart target of DESIGN.md: a watch hub over every kind survives 50 kills and restarts of
 * a real kube-apiserver with at most one re-list per kind per restart and no growth in open
 * sockets. Runs on a second API server with its own etcd prefix (dev/plane/extra-apiserver.ts),
 * so the shared plane stays up; the Cluster API and Cluster Stacks CRDs are copied into it.
 */
import { readdirSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adminCredentials, planePki } from "../plane/control.ts";
import { startExtraApiserver } from "../plane/extra-apiserver.ts";
import { kubeRequest } from "../plane/kube.ts";
import { kubeconfigFor } from "../plane/pki.ts";

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

export type RestartReport = {
  restarts: number;
  kinds: number;
  maxRelistsPerKindPerRestart: number;
  /** The most re-lists any one kind made over all restarts (≤ restarts: at most one per restart). */
  maxRelistsOfOneKind: number;
  totalRelists: number;
  gone: number;
  socketsBefore: number;
  socketsAfter: number;
  medianCatchUpMs: number;
};

/** Kills and restarts an API server `n` times under a hub of every kind and reports what it cost. */
export async function benchRestarts(n: number, log: (m: string) => void): Promise<RestartReport> {
  const main = adminCredentials();
  const api = await startExtraApiserver(`/kaas-bench-restarts-${process.pid}`);
  const hubPath = join(tmpdir(), `kaas-bench-restarts-${process.pid}.kubeconfig`);
  writeFileSync(hubPath, kubeconfigFor(planePki(), "admin", "admin", api.url), { mode: 0o600 });
  const transport = kubeConfigFileTransport(hubPath);
  const hub = new WatchHub({
    transport,
    watchTimeoutSeconds: 60,
    log: process.env.BENCH_DEBUG
      ? (event, fields) => log(`${Date.now()} ${event} ${JSON.stringify(fields)}`)
      : undefined,
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
    hub.start();
    for (const k of hubKindNames) await hub.whenSynced(k);
    const kinds = hubKindNames.filter((k) => hub.informer(k).installed);
    const live = () => hub.upstreamLive(kinds);
    await until("the hub to be live", live);
    const relists = () => {
      const s = hub.status();
      return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.relists]));
    };
    const goneTotal = () => Object.values(hub.status()).reduce((t, s) => t + s.gone, 0);
    await sleep(1000);
    const socketsBefore = openSockets();
    const goneBefore = goneTotal();
    let maxPerKind = 0;
    let total = 0;
    const catchUp: number[] = [];
    const start = relists();
    for (let i = 0; i < n; i++) {
      const before = relists();
      if (process.env.BENCH_DEBUG) log(`${Date.now()} kill ${i + 1}`);
      await api.kill();
      await until("the hub to notice the restart", () => !live());
      const t = Date.now();
      await api.start();
      if (process.env.BENCH_DEBUG) log(`${Date.now()} started ${i + 1}`);
      await until("the hub to be live again", live, 120_000, () =>
        Object.fromEntries(
          [["namespaces", hub.namespaces] as const, ...kinds.map((k) => [k, hub.informer(k)] as const)].map(
            ([k, inf]) => [k, { connected: inf.connected, ...inf.stats }],
          ),
        ),
      );
      catchUp.push(Date.now() - t);
      // A watch may open and then answer 410 in its first line: let such a re-list land in this
      // round rather than the next.
      await sleep(1000);
      const after = relists();
      for (const k of Object.keys(after)) {
        const d = (after[k] ?? 0) - (before[k] ?? 0);
        if (d > 1) log(`restart ${i + 1}: ${k} re-listed ${d} times`);
        maxPerKind = Math.max(maxPerKind, d);
      }
      if ((i + 1) % 10 === 0) log(`restarts: ${i + 1}/${n}`);
    }
    const end = relists();
    let maxTotal = 0;
    for (const k of Object.keys(end)) {
      const d = (end[k] ?? 0) - (start[k] ?? 0);
      total += d;
      maxTotal = Math.max(maxTotal, d);
    }
    // Let sockets of the last round settle (closed watches are released asynchronously).
    await sleep(2000);
    const sorted = [...catchUp].sort((a, b) => a - b);
    return {
      restarts: n,
      kinds: kinds.length + 1,
      maxRelistsPerKindPerRestart: maxPerKind,
      maxRelistsOfOneKind: maxTotal,
      totalRelists: total,
      gone: goneTotal() - goneBefore,
      socketsBefore,
      socketsAfter: openSockets(),
      medianCatchUpMs: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
    };
  } finally {
    hub.stop();
    await transport.close();
    await api.stop();
  }
}
