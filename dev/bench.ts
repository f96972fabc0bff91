/**
 * `npm run bench`: the live-data targets of DESIGN.md, measured side by side in one run against
 * the shared management plane, at each fixture size of BENCH_SIZES (default `1000,2000`): per
 * 1,000 Clusters, 50 team namespaces `bench-NN` with 1,000 MachineDeployments, 5,000 Machines and
 * an Event about each Cluster and Machine (paused, so the Cluster API controllers leave them alone;
 * status set through the status subresource). The larger size extends the smaller one. With the
 * fixture in place it also starts the real console and measures it in Chromium
 * (dev/bench/browser.ts), and afterwards kills and restarts an API server 50 times under a hub
 * of each initial-list path (dev/bench/restarts.ts). Ends with every figure beside its target,
 * one column per size, ✓/✗ per row, and deletes the fixture (also on Ctrl-C).
 * Env: BENCH_SIZES, BENCH_IDLE_SECONDS (default 60), BENCH_BUSY_SECONDS (default 60),
 * BENCH_KEEP=1 keeps the fixture (also when interrupted), BENCH_SECTIONS (default
 * `hub,browser,restarts,bundle`), BENCH_STREAMS (default 1000), BENCH_STREAMS_TIMEOUT_SECONDS (default 300),
 * BENCH_RESTARTS (default 50). `node dev/bench.ts reuse` measures an existing fixture; `cleanup`
 * deletes it.
 */
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, get as httpGet } from "node:http";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";

if (!process.execArgv.includes("--expose-gc") || !process.execArgv.includes("--conditions=react-server")) {
  // lib/k8s is server-only code; gc() makes the memory figures steady. The child does the work;
  // this process only hands signals on (a `kill` of this pid reaches the child too, which then
  // cleans up while this one waits for it) and, through the IPC channel, lets the child know when
  // this one is gone: a child left running alone would go on measuring or deleting the fixture
  // under the next bench.
  const child = spawn(
    process.execPath,
    ["--expose-gc", "--conditions=react-server", ...process.execArgv, ...process.argv.slice(1)],
    { stdio: ["inherit", "inherit", "inherit", "ipc"] },
  );
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    process.on(sig, () => {
      child.kill(sig);
    });
  const [code] = await once(child, "exit");
  process.exit((code as number | null) ?? 1);
}

const { adminCredentials, planeDir } = await import("./plane/control.ts");
const { kubeRequest, applyStatus } = await import("./plane/kube.ts");
const { cacheRoot, readVersions } = await import("./plane/binaries.ts");
process.env.KUBECONFIG = join(planeDir(), "console.kubeconfig");
const { WatchHub } = await import("../lib/k8s/hub/hub.ts");
const { TEAM_LABEL } = await import("../lib/k8s/names.ts");
const { AccessReviewer } = await import("../lib/k8s/hub/access.ts");
const { kubeConfigFileTransport, readText } = await import("../lib/k8s/hub/transport.ts");
const { HUB_KINDS, collectionPath, hubKindNames } = await import("../lib/k8s/hub/kinds.ts");
const { liveStream, SSE_HEADERS } = await import("../lib/live/server-stream.ts");
const { parseStreamQuery } = await import("../lib/live/stream-query.ts");
const { CLUSTER_PAGE_KINDS } = await import("../lib/live/cluster-page.ts");
const { streamUrlFor, subscriptionKey } = await import("../components/live/live-connection.ts");
const { listClusters } = await import("../lib/k8s/clusters.ts");
const { summarizeCluster } = await import("../lib/capi/cluster-summary.ts");
const { benchBrowser } = await import("./bench/browser.ts");
const { benchRestarts } = await import("./bench/restarts.ts");
const { benchBundle } = await import("./bench/bundle.ts");
const { printTargets } = await import("./bench/report.ts");
const { stopAll } = await import("./bench/cleanup.ts");
const sections = new Set((process.env.BENCH_SECTIONS ?? "hub,browser,restarts,bundle").split(","));
type Cluster = import("../lib/k8s/types.ts").Cluster;
type HubFigures = import("./bench/report.ts").HubFigures;
type MemoryFigures = import("./bench/report.ts").MemoryFigures;
type HubTransport = import("../lib/k8s/hub/transport.ts").HubTransport;

const admin = adminCredentials();
const kubectl = join(cacheRoot(), `kubernetes-${readVersions().KUBERNETES_VERSION}`, "bin", "kubectl");
const adminKubeconfig = join(planeDir(), "admin.kubeconfig");
const SIZES = (process.env.BENCH_SIZES ?? "1000,2000")
  .split(",")
  .map(Number)
  .filter((n) => n > 0 && n % 20 === 0)
  .sort((a, b) => a - b);
/** 20 Clusters per team namespace: 50 namespaces per 1,000 Clusters. */
const namespacesFor = (size: number) =>
  Array.from({ length: size / 20 }, (_, i) => `bench-${String(i).padStart(2, "0")}`);
const ALL_NS = namespacesFor(Math.max(...SIZES, 20));
const TEAM_NS = "bench-07";
/** The cluster page's namespace in the busy-namespace figure: 10 of its clusters provisioning. */
const BUSY_NS = "bench-03";
const GROUP = "oidc:bench-team";
const identity = { user: "oidc:bench-user", groups: [GROUP] };
const log = (m: string) => console.log(`[bench] ${m}`);
const ms = (n: number) => `${n.toFixed(1)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? Number.NaN;
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));
const CAPI = "/apis/cluster.x-k8s.io/v1beta2/namespaces";
const clusterName = (c: number) => `c-${String(c).padStart(2, "0")}`;

async function pool<T>(items: T[], width: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

/** Sends one request as the plane's admin; returns the created object's uid (409: already there). */
async function must(method: string, path: string, body?: unknown, type?: string): Promise<string> {
  const res = await kubeRequest(admin, method, path, body, type);
  if (res.status >= 300 && res.status !== 409)
    throw new Error(`${method} ${path}: ${res.status} ${res.text.slice(0, 300)}`);
  return (res.body as { metadata?: { uid?: string } } | undefined)?.metadata?.uid ?? "";
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");
const condition = (type: string, message: string) => ({
  type,
  status: "True",
  reason: "Bench",
  message,
  lastTransitionTime: now(),
});

let eventSeq = 0;
/** An Event about one object, as a controller would write it. */
async function createEvent(
  ns: string,
  about: { kind: string; name: string; uid: string },
  reason: string,
  message: string,
): Promise<void> {
  await must("POST", `/api/v1/namespaces/${ns}/events`, {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: `${about.name}.${process.pid}.${eventSeq++}`, namespace: ns },
    involvedObject: { apiVersion: "cluster.x-k8s.io/v1beta2", namespace: ns, ...about },
    reason,
    message,
    type: "Normal",
    source: { component: "kaas-bench" },
    firstTimestamp: now(),
    lastTimestamp: now(),
    count: 1,
  });
}

/** Creates the namespaces of `namespaces` that are not there yet, with 20 Clusters each. */
async function createFixture(namespaces: readonly string[]): Promise<void> {
  const started = performance.now();
  const missing: string[] = [];
  for (const ns of namespaces)
    if ((await kubeRequest(admin, "GET", `/api/v1/namespaces/${ns}`)).status !== 200) missing.push(ns);
  await pool(missing, 8, async (ns) => {
    await must("POST", "/api/v1/namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: ns, labels: { [TEAM_LABEL]: ns } },
    });
    await must("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "kaas:team-member", namespace: ns },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "kaas:team-member" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: GROUP }],
    });
  });
  const paused = { "cluster.x-k8s.io/paused": "" };
  const jobs: (() => Promise<void>)[] = [];
  const later: (() => Promise<void>)[] = [];
  for (const ns of missing) {
    for (let c = 0; c < 20; c++) {
      const name = clusterName(c);
      jobs.push(async () => {
        const uid = await must("POST", `${CAPI}/${ns}/clusters`, {
          apiVersion: "cluster.x-k8s.io/v1beta2",
          kind: "Cluster",
          metadata: { name, namespace: ns },
          spec: {
            paused: true,
            infrastructureRef: { apiGroup: "infrastructure.cluster.x-k8s.io", kind: "DevCluster", name },
          },
        });
        await applyStatus(admin, {
          apiVersion: "cluster.x-k8s.io/v1beta2",
          kind: "Cluster",
          metadata: { name, namespace: ns },
          status: { phase: "Provisioned", conditions: [condition("Available", "bench")] },
        });
        await createEvent(ns, { kind: "Cluster", name, uid }, "Provisioned", "Cluster is provisioned");
      });
      // MachineDeployments and Machines belong to their own (paused) Cluster, created first, so
      // the controllers skip them, and the cluster page's filter has a cluster's worth to pick.
      later.push(async () => {
        const md = `${name}-md`;
        await must("POST", `${CAPI}/${ns}/machinedeployments`, {
          apiVersion: "cluster.x-k8s.io/v1beta2",
          kind: "MachineDeployment",
          metadata: { name: md, namespace: ns, annotations: paused },
          spec: {
            clusterName: name,
            replicas: 5,
            selector: { matchLabels: { bench: md } },
            template: {
              metadata: { labels: { bench: md } },
              spec: {
                clusterName: name,
                bootstrap: { dataSecretName: "none" },
                infrastructureRef: {
                  apiGroup: "infrastructure.cluster.x-k8s.io",
                  kind: "DevMachine",
                  name: md,
                },
              },
            },
          },
        });
        for (let m = 0; m < 5; m++) {
          const machine = `${md}-${m}`;
          const uid = await must("POST", `${CAPI}/${ns}/machines`, {
            apiVersion: "cluster.x-k8s.io/v1beta2",
            kind: "Machine",
            metadata: { name: machine, namespace: ns, annotations: paused },
            spec: {
              clusterName: name,
              bootstrap: { dataSecretName: "none" },
              infrastructureRef: {
                apiGroup: "infrastructure.cluster.x-k8s.io",
                kind: "DevMachine",
                name: machine,
              },
            },
          });
          await applyStatus(admin, {
            apiVersion: "cluster.x-k8s.io/v1beta2",
            kind: "Machine",
            metadata: { name: machine, namespace: ns },
            status: { phase: "Running", nodeRef: { name: machine } },
          });
          await createEvent(ns, { kind: "Machine", name: machine, uid }, "Running", "Machine is running");
        }
      });
    }
  }
  await pool(jobs, 16, (j) => j());
  await pool(later, 16, (j) => j());
  log(
    `fixture: ${namespaces.length} namespaces (${missing.length} new), ${namespaces.length * 20} Clusters, ${namespaces.length * 20} MachineDeployments, ${namespaces.length * 100} Machines, ${namespaces.length * 120} Events in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

async function deleteFixture(namespaces: readonly string[] = ALL_NS): Promise<void> {
  const present: string[] = [];
  for (const ns of namespaces)
    if ((await kubeRequest(admin, "GET", `/api/v1/namespaces/${ns}`)).status !== 404) present.push(ns);
  if (present.length === 0) return;
  await pool(present, 8, async (ns) => {
    await kubeRequest(admin, "DELETE", `/api/v1/namespaces/${ns}`);
  });
  // Paused Clusters keep their finalizer (the controller adds it back while they are not being
  // deleted), and once a Cluster is gone the Machine controller finalizes its Machines, which
  // then wait for a Cluster that no longer exists: drop those finalizers once deletion began.
  const paths: string[] = [];
  for (const ns of present) {
    for (let c = 0; c < 20; c++) {
      const name = clusterName(c);
      paths.push(`${CAPI}/${ns}/clusters/${name}`, `${CAPI}/${ns}/machinedeployments/${name}-md`);
      for (let m = 0; m < 5; m++) paths.push(`${CAPI}/${ns}/machines/${name}-md-${m}`);
    }
  }
  // A controller may add a finalizer back before the namespace controller marks the object
  // deleted: repeat until the namespaces are gone.
  for (let pass = 0; pass < 10; pass++) {
    await pool(paths, 16, async (path) => {
      await kubeRequest(
        admin,
        "PATCH",
        path,
        { metadata: { finalizers: null } },
        "application/merge-patch+json",
      );
    });
    await sleep(5000);
    const left = await Promise.all(
      present.map((ns) => kubeRequest(admin, "GET", `/api/v1/namespaces/${ns}`)),
    );
    if (left.every((r) => r.status === 404)) {
      log("fixture deleted");
      return;
    }
  }
  log("fixture: some bench namespaces are still terminating; run `node dev/bench.ts cleanup` again");
}

const run = promisify(execFile);
async function kubectlList(ns: string): Promise<number> {
  const t = performance.now();
  await run(kubectl, ["--kubeconfig", adminKubeconfig, "get", "clusters", "-o", "json", "-n", ns], {
    maxBuffer: 64 << 20,
  });
  return performance.now() - t;
}

/**
 * The honest floor of a list: one GET of it on a warm keep-alive connection (the hub's
 * transport: one TLS connection, credentials read once), body read whole, in ms.
 */
async function keepAliveGet(transport: HubTransport, path: string): Promise<number> {
  const t = performance.now();
  const res = await transport.request("GET", path);
  const text = await readText(res.body);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${text.slice(0, 200)}`);
  return performance.now() - t;
}

/** Heap in use after a full collection. */
function heap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

const abort = new AbortController();
let interrupted = false;
/**
 * Ctrl-C (which reaches both processes) or a signal handed on by the parent: stop measuring and
 * delete the fixture (unless BENCH_KEEP=1), once however many signals come.
 */
function interrupt(sig: string): void {
  if (interrupted) return;
  interrupted = true;
  abort.abort();
  void (async () => {
    await stopAll();
    if (process.env.BENCH_KEEP === "1") log(`${sig}: stopped; the fixture is kept (BENCH_KEEP=1)`);
    else {
      log(`${sig}: deleting the fixture…`);
      await deleteFixture().catch(() => {});
    }
    process.exit(130);
  })();
}
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => interrupt(sig));
// The parent is gone (killed with SIGKILL, so it could hand nothing on): stop at once, deleting
// nothing, rather than go on alone; `node dev/bench.ts cleanup` removes the fixture.
process.on("disconnect", () => {
  if (interrupted) return;
  interrupted = true;
  abort.abort();
  log("the parent process is gone: stopping; the fixture is left for `node dev/bench.ts cleanup`");
  void stopAll().finally(() => process.exit(137));
});

/** `promise`, or a failure naming `what` after `ms`: no step of the bench waits forever. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === "cleanup") {
    await deleteFixture();
    return;
  }
  const existing = await kubeRequest(admin, "GET", `/api/v1/namespaces/${ALL_NS[0]}`);
  if (existing.status === 200 && process.argv[2] !== "reuse")
    throw new Error("bench namespaces exist already: `node dev/bench.ts cleanup` (or `reuse`)");
  const hubFigures = new Map<number, HubFigures>();
  const browserFigures = new Map<number, Awaited<ReturnType<typeof benchBrowser>>>();
  let restartFigures: Awaited<ReturnType<typeof benchRestarts>> | undefined;
  // A section that fails is reported as such, and the run goes on to the next one and the table.
  const failures: string[] = [];
  const attempt = async <T>(what: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (err) {
      if (interrupted) throw err;
      const why = `${what}: ${(err as Error).message.split("\n")[0]}`;
      log(`failed: ${why}`);
      failures.push(why);
      return undefined;
    }
  };
  if (sections.has("hub") || sections.has("browser")) {
    try {
      for (const size of SIZES) {
        if (interrupted) return;
        const namespaces = namespacesFor(size);
        await createFixture(namespaces);
        log(`── ${size} clusters ──`);
        if (sections.has("hub")) {
          const h = await attempt(`hub section at ${size} clusters`, () => benchHub(size, namespaces));
          if (h) hubFigures.set(size, h);
        }
        if (sections.has("browser")) {
          const r = await attempt(`browser section at ${size} clusters`, () =>
            benchBrowser(kubectl, log, {
              streams: Number(process.env.BENCH_STREAMS ?? 1000),
              fixtureNamespaces: namespaces,
            }),
          );
          if (r) {
            browserFigures.set(size, r);
            printBrowser(size, r);
          }
        }
      }
    } finally {
      if (process.env.BENCH_KEEP !== "1" && !interrupted) await deleteFixture();
    }
  }
  if (sections.has("restarts") && !interrupted) {
    const n = Number(process.env.BENCH_RESTARTS ?? 50);
    log(`${n} API server restarts…`);
    restartFigures = await attempt("restart section", () => benchRestarts(n, log));
  }
  if (restartFigures) {
    console.log("");
    console.log(
      `API server restarts (a second kube-apiserver; one hub per initial-list path, killed together):`,
    );
    for (const r of restartFigures.paths) {
      console.log(
        `  ${r.path}: ${r.restarts} kill -9 + start: the most re-lists of one kind ${r.maxRelistsOfOneKind} in ${r.restarts} restarts, at most ${r.maxRelistsPerKindPerRestart} in one restart (${r.totalRelists} in all, ${r.gone} 410s, ${r.listRequests} LIST requests); median catch-up ${ms(r.medianCatchUpMs)} after the API server is ready (p95 ${ms(r.p95CatchUpMs)}); open sockets ${r.socketsBefore} before, ${r.socketsAfter} after`,
      );
    }
  }
  let bundleFigures: Awaited<ReturnType<typeof benchBundle>> | undefined;
  if (sections.has("bundle") && !interrupted) {
    bundleFigures = await attempt("bundle section", async () => benchBundle(log));
    if (bundleFigures) {
      console.log("");
      console.log(
        `first-load JS of every route, from the build's manifests (KB gzip; framework floor, a bare Next.js app of one client component: ${bundleFigures.floorKb.toFixed(1)} KB):`,
      );
      for (const r of bundleFigures.routes) {
        const above = r.kb - bundleFigures.floorKb;
        console.log(
          `  ${r.kb.toFixed(1).padStart(6)} (${above < 0 ? "−" : "+"}${Math.abs(above).toFixed(1).padStart(4)})  ${r.route}`,
        );
      }
    }
  }
  printTargets({
    sizes: SIZES,
    hub: hubFigures,
    browser: browserFigures,
    restarts: restartFigures,
    bundle: bundleFigures,
    failures,
  });
}

function printBrowser(size: number, r: Awaited<ReturnType<typeof benchBrowser>>): void {
  const s = r.streams;
  console.log("");
  console.log(`console in Chromium at ${size} clusters (the standalone server.js, signed in as alice):`);
  console.log(
    `  cluster list page render ${ms(r.render.pageMs)}; floor (keep-alive GET of the list) ${ms(r.render.floorMs)}: ${(r.render.pageMs / r.render.floorMs).toFixed(2)}×; kubectl get clusters -o json ${ms(r.render.kubectlMs)}: ${(r.render.pageMs / r.render.kubectlMs).toFixed(2)}×`,
  );
  console.log(
    `  first-load JS: cluster list ${r.firstLoadJsGzipKb.toFixed(1)} KB gzip, cluster page ${r.clusterPageJsGzipKb.toFixed(1)} KB gzip; LCP ${ms(r.lcpMs)}`,
  );
  console.log(
    `  status wall with ${r.inp.rows} clusters (${r.inp.shownRows} rows a page), ${r.inp.interactions} sorts, filters and page turns: INP worst ${ms(r.inp.worstMs)}, p75 ${ms(r.inp.p75Ms)} (${r.inp.each.map((e) => `${e.what} ${e.ms.toFixed(0)}`).join(", ")})`,
  );
  console.log(
    `  status patch → page, ${r.latency.samples} samples: p50 ${ms(r.latency.pageP50)}, p95 ${ms(r.latency.pageP95)}; kubectl get -w p50 ${ms(r.latency.rawP50)}, p95 ${ms(r.latency.rawP95)}; p95 difference ${ms(r.latency.pageP95 - r.latency.rawP95)}`,
  );
  console.log(
    `  1 stream: console RSS ${s.one.rssMb.toFixed(0)} MB, ${s.one.upstream} connection(s) to the API server, ${s.one.watches} WATCHes open at the API server (all clients)`,
  );
  console.log(
    `  ${s.many.n} streams: console RSS ${s.many.rssMb.toFixed(0)} MB (+${(s.many.rssMb - s.one.rssMb).toFixed(0)} MB, ${((s.many.rssMb - s.one.rssMb) / (s.many.n - 1)).toFixed(3)} MB per stream), ${s.many.upstream} connection(s), ${s.many.watches} WATCHes open (+${s.many.watches - s.one.watches})`,
  );
}

type RawMemory = {
  steadyHeap: number[];
  peakHeap: number[];
  steadyRss: number[];
  peakRss: number[];
  note: string;
};

/**
 * Heap and RSS around five re-lists of every kind, as absolute figures: steady after a forced
 * collection before each, peak sampled every millisecond while it runs (the sampler runs between
 * the chunks the informers parse).
 */
async function relistMemory(hub: InstanceType<typeof WatchHub>): Promise<RawMemory> {
  const installed = hubKindNames.filter((k) => hub.informer(k).installed);
  const out: RawMemory = { steadyHeap: [], peakHeap: [], steadyRss: [], peakRss: [], note: "" };
  for (let round = 0; round < 5; round++) {
    await sleep(500);
    const steady = heap();
    const rss0 = process.memoryUsage().rss;
    let peakHeap = 0;
    let peakRss = 0;
    const sample = () => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    };
    const sampler = setInterval(sample, 1);
    // Counted from the informers' own counters: hub.status() adds up every cached object's
    // JSON length, and polling it here was garbage of the bench's own in the figure.
    const relists = () => installed.reduce((n, k) => n + hub.informer(k).stats.relists, 0);
    const relistsBefore = relists();
    for (const k of installed) hub.informer(k).relist();
    const relistsDone = () => relists() - relistsBefore;
    // Re-lists coalesce (a new team namespace elsewhere on the shared plane asks for one too), so
    // the wait is bounded and the count printed.
    const deadline = Date.now() + 120_000;
    while (relistsDone() < installed.length && Date.now() < deadline) await sleep(2);
    sample();
    clearInterval(sampler);
    out.note = `${relistsDone()} re-lists for ${installed.length} kinds in the last round`;
    out.steadyHeap.push(steady);
    out.steadyRss.push(rss0);
    out.peakHeap.push(peakHeap);
    out.peakRss.push(peakRss);
  }
  return out;
}

/**
 * What a hub's memory figures are, given the heap and RSS of the process without it (measured
 * after it stopped and was collected): the hub's own steady heap, and peak over steady per round
 * (median and worst of five) for its heap and for the process's RSS.
 */
function memoryFigures(raw: RawMemory, baseHeap: number): MemoryFigures {
  const heapRatios = raw.peakHeap.map((p, i) => (p - baseHeap) / ((raw.steadyHeap[i] ?? 0) - baseHeap));
  const rssRatios = raw.peakRss.map((p, i) => p / (raw.steadyRss[i] ?? 1));
  return {
    steadyHeapMb: (median(raw.steadyHeap) - baseHeap) / 1e6,
    steadyRssMb: median(raw.steadyRss) / 1e6,
    heapPeakMedian: median(heapRatios),
    heapPeakWorst: Math.max(...heapRatios),
    rssPeakMedian: median(rssRatios),
    rssPeakWorst: Math.max(...rssRatios),
    note: raw.note,
  };
}

/**
 * Bytes the cluster page's stream carries in a minute while 10 clusters of its namespace
 * provision (a Machine status change and an Event per cluster per second): the stream as the page
 * asked for it before (every object of nine kinds in the namespace) and as it asks now (only the
 * objects of the cluster it shows), side by side over the same minute.
 */
async function busyNamespace(
  hub: InstanceType<typeof WatchHub>,
  access: InstanceType<typeof AccessReviewer>,
): Promise<HubFigures["busy"]> {
  const shown = clusterName(0);
  // The stream the cluster page opens, through the page's own kinds, the browser's URL builder
  // and the route's parser; "before" is the same page following the whole namespace.
  const open = (scoped: boolean) => {
    const url = streamUrlFor(
      CLUSTER_PAGE_KINDS.map((kind) =>
        subscriptionKey({ kind, namespace: BUSY_NS, cluster: scoped ? shown : undefined }),
      ),
    );
    const query = parseStreamQuery(new URL(url, "http://console").searchParams);
    if (query === "bad") throw new Error(`the cluster page's stream URL is refused: ${url}`);
    const stream = liveStream({
      hub,
      access,
      identity,
      kinds: query.kinds,
      namespaces: query.namespaces,
      scope: query.scope,
      sessionState: async () => "active",
    });
    const counter = { bytes: 0, reader: stream.getReader() };
    void (async () => {
      for (;;) {
        const { value, done } = await counter.reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        counter.bytes += value?.byteLength ?? 0;
      }
    })();
    return counter;
  };
  const seconds = Number(process.env.BENCH_BUSY_SECONDS ?? 60);
  const machines = (await kubeRequest(admin, "GET", `${CAPI}/${BUSY_NS}/machines`)).body as {
    items: { metadata: { name: string; uid: string }; spec: { clusterName: string } }[];
  };
  const before = open(false);
  const after = open(true);
  const end = Date.now() + seconds * 1000;
  let tick = 0;
  let writes = 0;
  while (Date.now() < end && !interrupted) {
    const t = Date.now();
    await pool(
      Array.from({ length: 10 }, (_, c) => c),
      10,
      async (c) => {
        const mine = machines.items.filter((m) => m.spec.clusterName === clusterName(c));
        const m = mine[tick % mine.length];
        if (!m) return;
        const phase = tick % 2 === 0 ? "Provisioning" : "Provisioned";
        await applyStatus(admin, {
          apiVersion: "cluster.x-k8s.io/v1beta2",
          kind: "Machine",
          metadata: { name: m.metadata.name, namespace: BUSY_NS },
          status: { phase, nodeRef: { name: m.metadata.name } },
        });
        await createEvent(
          BUSY_NS,
          { kind: "Machine", name: m.metadata.name, uid: m.metadata.uid },
          phase,
          `Machine ${m.metadata.name} is ${phase.toLowerCase()} (bench tick ${tick})`,
        );
        writes += 2;
      },
    );
    tick++;
    await sleep(Math.max(0, 1000 - (Date.now() - t)));
  }
  await sleep(1000);
  void before.reader.cancel();
  void after.reader.cancel();
  const perMinute = (b: number) => (b * 60) / seconds;
  return {
    seconds,
    writes,
    beforeBytesPerMin: perMinute(before.bytes),
    afterBytesPerMin: perMinute(after.bytes),
  };
}

async function benchHub(size: number, namespaces: readonly string[]): Promise<HubFigures> {
  const transport = kubeConfigFileTransport(process.env.KUBECONFIG ?? "");
  const floorTransport = kubeConfigFileTransport(process.env.KUBECONFIG ?? "");
  const access = new AccessReviewer(transport);
  const clustersPath = `${CAPI}/${TEAM_NS}/clusters`;
  let hub = new WatchHub({ transport });
  try {
    log("cold list and floor…");
    // 1. Cold: before the hub is synced the console lists as the user, like the first request.
    // Clusters are custom resources: the API server serves them as JSON only (no protobuf).
    // The three are taken in turns, so a busy moment of the shared API server weighs on each alike.
    for (let i = 0; i < 3; i++) await keepAliveGet(floorTransport, clustersPath);
    const kubectlTimes: number[] = [];
    const floors: number[] = [];
    const cold: number[] = [];
    for (let i = 0; i < 15; i++) {
      kubectlTimes.push(await kubectlList(TEAM_NS));
      floors.push(await keepAliveGet(floorTransport, clustersPath));
      const t = performance.now();
      (await listClusters(identity, TEAM_NS)).map(summarizeCluster);
      cold.push(performance.now() - t);
    }
    const floorMs = median(floors);

    log("hub sync and warm list…");
    // 2. Warm: from the synced hub with the access check.
    const syncStart = performance.now();
    hub.start();
    for (const k of hubKindNames) await within(300_000, `hub sync of ${k}`, hub.whenSynced(k));
    const syncMs = performance.now() - syncStart;
    const warm: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      if (!(await access.mayList(identity, HUB_KINDS.clusters, TEAM_NS)))
        throw new Error("bench user may not list");
      (hub.list("clusters", TEAM_NS) ?? []).map((o) => summarizeCluster(JSON.parse(o.json) as Cluster));
      warm.push(performance.now() - t);
    }

    log("100 SSE clients…");
    // 3. 100 SSE clients on one team: upstream watches before and after.
    const server = createServer((req, res) => {
      const stream = liveStream({
        hub,
        access,
        identity,
        kinds: ["clusters"],
        namespaces: [TEAM_NS],
        sessionState: async () => "active",
      });
      res.writeHead(200, SSE_HEADERS);
      const reader = stream.getReader();
      req.on("close", () => void reader.cancel());
      void (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          res.write(value);
        }
        res.end();
      })();
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const port = (server.address() as { port: number }).port;
    const totals = () => {
      const s = Object.values(hub.status());
      return {
        open: s.reduce((n, x) => n + x.openWatches, 0),
        watches: s.reduce((n, x) => n + x.watchRequests, 0),
        lists: s.reduce((n, x) => n + x.listRequests, 0),
      };
    };
    const before = totals();
    const clients: { text: string; close: () => void }[] = [];
    await within(
      120_000,
      "100 SSE clients ready",
      Promise.all(
        Array.from({ length: 100 }, async () => {
          const c = { text: "", close: () => {} };
          clients.push(c);
          await new Promise<void>((resolve) => {
            const req = httpGet(`http://127.0.0.1:${port}/`, (res) => {
              res.setEncoding("utf8");
              res.on("data", (d: string) => {
                c.text += d;
                if (c.text.includes("event: ready")) resolve();
              });
            });
            c.close = () => req.destroy();
          });
        }),
      ),
    );
    const after100 = totals();

    log("event latency…");
    // 4. Event latency: a status change seen by an SSE client vs by `kubectl get -w`.
    const probe = clients[0] as { text: string };
    const watcher = spawn(kubectl, [
      "--kubeconfig",
      adminKubeconfig,
      "get",
      "clusters",
      "-n",
      TEAM_NS,
      "--watch-only",
      "--no-headers",
      "-o",
      'custom-columns=N:.metadata.name,M:.status.conditions[?(@.type=="Available")].message',
    ]);
    let kubectlOut = "";
    watcher.stdout.on("data", (d: Buffer) => {
      kubectlOut += d.toString();
    });
    await sleep(1500);
    const hubLat: number[] = [];
    const rawLat: number[] = [];
    for (let i = 0; i < 40; i++) {
      const marker = `probe-${process.pid}-${size}-${i}`;
      const t = performance.now();
      let hubAt = 0;
      let rawAt = 0;
      await applyStatus(admin, {
        apiVersion: "cluster.x-k8s.io/v1beta2",
        kind: "Cluster",
        metadata: { name: "c-03", namespace: TEAM_NS },
        status: { phase: "Provisioned", conditions: [condition("Available", marker)] },
      });
      while (!hubAt || !rawAt) {
        if (performance.now() - t > 30_000)
          throw new Error(
            `event latency: ${marker} not seen within 30 s (hub ${!!hubAt}, kubectl ${!!rawAt})`,
          );
        if (!hubAt && probe.text.includes(marker)) hubAt = performance.now();
        if (!rawAt && kubectlOut.includes(marker)) rawAt = performance.now();
        await sleep(1);
      }
      hubLat.push(hubAt - t);
      rawLat.push(rawAt - t);
    }
    watcher.kill();

    log("idle minute…");
    // 5. Idle: LIST calls in a quiet minute.
    const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
    const idleBefore = totals();
    await sleep(idleSeconds * 1000);
    const idleAfter = totals();
    for (const c of clients) {
      c.close();
      // What the clients read is the bench's, not the hub's: it must not count as hub memory.
      c.text = "";
    }
    kubectlOut = "";
    server.close();

    log("busy namespace: the cluster page's stream with 10 clusters provisioning…");
    const busy = await busyNamespace(hub, access);

    log("raw bytes…");
    let rawBytes = 0;
    for (const k of hubKindNames) {
      const res = await transport.request("GET", collectionPath(HUB_KINDS[k]));
      const text = await readText(res.body);
      if (res.status !== 200) continue;
      const items = (JSON.parse(text) as { items: { metadata: { namespace?: string } }[] }).items;
      for (const it of items)
        if (hub.isTeamNamespace(it.metadata.namespace ?? "")) rawBytes += JSON.stringify(it).length;
    }
    const cachedBytes = Object.values(hub.status()).reduce((n, s) => n + s.jsonBytes, 0);
    const objects = Object.values(hub.status()).reduce((n, s) => n + s.objects, 0);
    const streamed = Object.values(hub.status()).every((s) => !s.installed || s.streamedLists > 0);

    log("re-list memory, watch-list…");
    // Each hub's share is what the process holds with it minus what it holds once the hub has
    // stopped and been collected: no guess at a baseline taken before other work.
    const watchListRaw = await relistMemory(hub);
    hub.stop();
    hub = new WatchHub({ transport, watchList: false });
    await sleep(1000);
    const withoutWatchListHub = heap();
    const watchListMemory = memoryFigures(watchListRaw, withoutWatchListHub);
    const steadyHeap = watchListMemory.steadyHeapMb * 1e6;
    log("re-list memory, paged LIST…");
    hub.start();
    for (const k of hubKindNames) await within(300_000, `paged hub sync of ${k}`, hub.whenSynced(k));
    const pagedRaw = await relistMemory(hub);
    hub.stop();
    hub = new WatchHub({ transport });
    await sleep(1000);
    const pagedMemory = memoryFigures(pagedRaw, heap());

    const kc = median(kubectlTimes);
    const figures: HubFigures = {
      size,
      namespaces: namespaces.length,
      objects,
      syncMs,
      streamed,
      kubectlMs: kc,
      floorMs,
      coldMs: median(cold),
      warmMs: median(warm),
      rawLatP95: p95(rawLat),
      hubLatP95: p95(hubLat),
      watchesBefore: before.open,
      watchesWith100: after100.open,
      watchRequestsAdded: after100.watches - before.watches,
      idleSeconds,
      idleLists: idleAfter.lists - idleBefore.lists,
      rawBytes,
      cachedBytes,
      steadyHeap,
      watchListMemory,
      pagedMemory,
      busy,
    };
    printHub(figures);
    return figures;
  } finally {
    hub.stop();
    await transport.close();
    await floorTransport.close();
  }
}

function printHub(f: HubFigures): void {
  const mem = (m: MemoryFigures) =>
    `steady heap ${m.steadyHeapMb.toFixed(1)} MB; peak/steady heap median ${m.heapPeakMedian.toFixed(2)}×, worst ${m.heapPeakWorst.toFixed(2)}×; process RSS steady ${m.steadyRssMb.toFixed(0)} MB, peak/steady median ${m.rssPeakMedian.toFixed(2)}×, worst ${m.rssPeakWorst.toFixed(2)}× (${m.note})`;
  console.log("");
  console.log(`KaaS Console live-data benchmark at ${f.size} clusters (one run, same machine and data)`);
  console.log(
    `fixture: ${f.objects} cached objects in ${f.namespaces} bench namespaces (plus the plane's own); hub synced in ${ms(f.syncMs)} ${f.streamed ? "by watch-list streams" : "by LIST pages"}`,
  );
  console.log(`cluster list of ${TEAM_NS} (20 clusters), median:`);
  console.log(`  floor: keep-alive GET of the list (JSON; CRDs offer no protobuf)  ${ms(f.floorMs)}`);
  console.log(`  kubectl get clusters -o json                                      ${ms(f.kubectlMs)}`);
  console.log(
    `  cold (as the user, hub unsynced)  ${ms(f.coldMs)}   ${(f.coldMs / f.floorMs).toFixed(2)}× floor, ${(f.coldMs / f.kubectlMs).toFixed(3)}× kubectl`,
  );
  console.log(
    `  warm (hub + access check)         ${ms(f.warmMs)}   ${(f.warmMs / f.floorMs).toFixed(4)}× floor, ${(f.warmMs / f.kubectlMs).toFixed(4)}× kubectl`,
  );
  console.log(
    `event latency, status change → reader, p95 of 40: kubectl get -w ${ms(f.rawLatP95)}, hub → SSE client ${ms(f.hubLatP95)}, difference ${ms(f.hubLatP95 - f.rawLatP95)}`,
  );
  console.log(
    `upstream watches: ${f.watchesBefore} open before 100 SSE clients, ${f.watchesWith100} with them; WATCH requests +${f.watchRequestsAdded}`,
  );
  console.log(`idle: ${f.idleLists} LIST calls in ${f.idleSeconds} s`);
  console.log(
    `memory: raw JSON of cached objects ${(f.rawBytes / 1e6).toFixed(1)} MB (stripped ${(f.cachedBytes / 1e6).toFixed(1)} MB); hub heap steady ${(f.steadyHeap / 1e6).toFixed(1)} MB = ${(f.steadyHeap / f.rawBytes).toFixed(2)}× raw`,
  );
  console.log(`  5 re-lists of every kind, watch-list: ${mem(f.watchListMemory)}`);
  console.log(`  5 re-lists of every kind, paged LIST: ${mem(f.pagedMemory)}`);
  console.log(
    `cluster page stream, ${BUSY_NS} with 10 clusters provisioning (${f.busy.writes} writes in ${f.busy.seconds} s): whole namespace ${(f.busy.beforeBytesPerMin / 1e3).toFixed(0)} KB/min, this cluster only ${(f.busy.afterBytesPerMin / 1e3).toFixed(0)} KB/min = ${(f.busy.afterBytesPerMin / f.busy.beforeBytesPerMin).toFixed(3)}×`,
  );
}

await main();
process.exit(0);
