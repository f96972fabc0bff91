/**
 * Starts, checks and stops the local management plane: etcd, kube-apiserver,
 * kube-controller-manager and the Cluster API managers (core, kubeadm bootstrap, kubeadm control
 * plane, dev infrastructure with its in-memory backend), all on loopback, as processes this
 * module started and records in `<planeDir>/state.json`, so `down` stops exactly those.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { ensureBinaries } from "./binaries.ts";
import { installBase, type Provider } from "./install.ts";
import { type KubeCredentials, kubeRequest } from "./kube.ts";
import { ensurePki, kubeconfigFor, type Pki } from "./pki.ts";

const repoRoot = join(import.meta.dirname, "..", "..");

/** Loopback ports of the plane. Chosen away from the well-known defaults to avoid clashes. */
export const PORTS = {
  etcdClient: 12379,
  etcdPeer: 12380,
  apiserver: 16443,
  controllerManager: 16257,
} as const;

type ManagerSpec = {
  name: string;
  bin: string;
  provider: string;
  webhookPort: number;
  healthPort: number;
  diagPort: number;
};

const MANAGERS: ManagerSpec[] = [
  {
    name: "capi-core",
    bin: "capi-core",
    provider: "core",
    webhookPort: 19443,
    healthPort: 19440,
    diagPort: 19450,
  },
  {
    name: "capi-bootstrap",
    bin: "capi-bootstrap-kubeadm",
    provider: "bootstrap",
    webhookPort: 19444,
    healthPort: 19441,
    diagPort: 19451,
  },
  {
    name: "capi-controlplane",
    bin: "capi-controlplane-kubeadm",
    provider: "controlplane",
    webhookPort: 19445,
    healthPort: 19442,
    diagPort: 19452,
  },
  {
    name: "capi-infrastructure",
    bin: "capi-dev-infra",
    provider: "infrastructure",
    webhookPort: 19446,
    healthPort: 19447,
    diagPort: 19453,
  },
];

/** Where the plane keeps its state: $KAAS_PLANE_DIR or `<repo>/.plane`. */
export function planeDir(): string {
  // An empty value counts as unset, as the other KAAS_* paths do.
  return process.env.KAAS_PLANE_DIR || join(repoRoot, ".plane");
}

export const apiserverUrl = `https://127.0.0.1:${PORTS.apiserver}`;

type State = { processes: { name: string; pid: number; bin: string }[]; startedAt: string };

function statePath(): string {
  return join(planeDir(), "state.json");
}

function readState(): State | undefined {
  if (!existsSync(statePath())) return undefined;
  return JSON.parse(readFileSync(statePath(), "utf8")) as State;
}

function writeState(state: State): void {
  writeFileSync(statePath(), `${JSON.stringify(state, null, 2)}\n`);
}

/** Whether `pid` is still the process we started (a reused pid runs another binary). */
function isOurs(pid: number, bin: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return cmdline.split("\0")[0] === bin;
  } catch {
    return false;
  }
}

function credentials(pki: Pki, client: string): KubeCredentials {
  const c = pki.client(client);
  return {
    server: apiserverUrl,
    ca: readFileSync(pki.caCert),
    cert: readFileSync(c.cert),
    key: readFileSync(c.key),
  };
}

/** Admin credentials of a running plane (for scripts and tests). */
export function adminCredentials(): KubeCredentials {
  return credentials(planePki(), "admin");
}

/**
 * The kube-apiserver command line of the plane. Tests that must kill and restart an API server
 * start their own instances with it (another port, their own etcd prefix), never the shared one.
 */
export function apiserverArgs(
  pki: Pki,
  opts: { port: number; certDir: string; etcdPrefix?: string },
): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${PORTS.etcdClient}`,
    ...(opts.etcdPrefix ? [`--etcd-prefix=${opts.etcdPrefix}`] : []),
    "--bind-address=127.0.0.1",
    "--advertise-address=127.0.0.1",
    `--secure-port=${opts.port}`,
    `--tls-cert-file=${pki.servingCert}`,
    `--tls-private-key-file=${pki.servingKey}`,
    `--client-ca-file=${pki.caCert}`,
    `--service-account-issuer=${apiserverUrl}`,
    `--service-account-key-file=${pki.saPub}`,
    `--service-account-signing-key-file=${pki.saKey}`,
    "--service-cluster-ip-range=10.96.0.0/16",
    "--authorization-mode=RBAC",
    "--allow-privileged=true",
    "--endpoint-reconciler-type=none",
    "--enable-priority-and-fairness=false",
    `--cert-dir=${opts.certDir}`,
  ];
}

/** The plane's CA, serving certificate, service-account keys and client certificates. */
export function planePki(): Pki {
  return ensurePki(join(planeDir(), "pki"), [
    { name: "admin", user: "admin", groups: ["system:masters"] },
    { name: "kaas-console", user: "kaas-console", groups: [] },
    { name: "controller-manager", user: "system:kube-controller-manager", groups: ["system:masters"] },
    { name: "capi", user: "capi-manager", groups: ["system:masters"] },
  ]);
}

function start(
  name: string,
  bin: string,
  args: string[],
  env: Record<string, string> = {},
): { name: string; pid: number; bin: string } {
  const logDir = join(planeDir(), "logs");
  mkdirSync(logDir, { recursive: true });
  const fd = openSync(join(logDir, `${name}.log`), "a");
  const child = spawn(bin, args, {
    detached: true,
    stdio: ["ignore", fd, fd],
    env: { ...process.env, ...env },
  });
  closeSync(fd);
  child.unref();
  if (!child.pid) throw new Error(`${name} did not start`);
  return { name, pid: child.pid, bin };
}

async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  pid?: { pid: number; bin: string; name: string },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (pid && !isOurs(pid.pid, pid.bin)) {
      const log = join(planeDir(), "logs", `${pid.name}.log`);
      const tail = existsSync(log) ? readFileSync(log, "utf8").split("\n").slice(-15).join("\n") : "";
      throw new Error(`${what}: the process exited. Last lines of ${log}:\n${tail}`);
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not healthy after ${timeoutMs / 1000}s (logs in ${planeDir()}/logs)`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

/** Status of each recorded process and of the API server. */
export async function status(): Promise<{
  running: boolean;
  processes: { name: string; pid: number; alive: boolean }[];
  ready: boolean;
}> {
  const state = readState();
  const processes = (state?.processes ?? []).map((p) => ({
    name: p.name,
    pid: p.pid,
    alive: isOurs(p.pid, p.bin),
  }));
  let ready = false;
  if (processes.length && processes.every((p) => p.alive)) {
    const res = await kubeRequest(adminCredentials(), "GET", "/readyz").catch(() => undefined);
    ready = res?.status === 200;
  }
  return { running: processes.some((p) => p.alive), processes, ready };
}

/** Stops exactly the processes `up` started, newest first, and waits for them to exit. */
export async function down(log: (m: string) => void = console.log): Promise<void> {
  const state = readState();
  if (!state) {
    log("plane: nothing recorded as running");
    return;
  }
  for (const p of [...state.processes].reverse()) {
    if (!isOurs(p.pid, p.bin)) continue;
    process.kill(p.pid, "SIGTERM");
    const deadline = Date.now() + 15_000;
    while (isOurs(p.pid, p.bin) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (isOurs(p.pid, p.bin)) process.kill(p.pid, "SIGKILL");
    log(`plane: stopped ${p.name} (pid ${p.pid})`);
  }
  rmSync(statePath(), { force: true });
}

/**
 * Builds what is missing and starts the plane, or returns at once when the recorded plane is
 * running and ready. Writes `.plane/admin.kubeconfig` and `.plane/console.kubeconfig`.
 */
export async function up(
  log: (m: string) => void = console.log,
): Promise<{ adminKubeconfig: string; consoleKubeconfig: string }> {
  const dir = planeDir();
  const adminKubeconfig = join(dir, "admin.kubeconfig");
  const consoleKubeconfig = join(dir, "console.kubeconfig");
  const current = await status();
  if (current.ready) {
    log("plane: already running and ready");
    return { adminKubeconfig, consoleKubeconfig };
  }
  if (current.running) await down(log);

  const bins = await ensureBinaries(log);
  const need = (k: string): string => {
    const p = bins[k];
    if (!p) throw new Error(`missing binary ${k}`);
    return p;
  };
  mkdirSync(dir, { recursive: true });
  const pki = planePki();
  writeFileSync(adminKubeconfig, kubeconfigFor(pki, "admin", "admin", apiserverUrl), { mode: 0o600 });
  writeFileSync(consoleKubeconfig, kubeconfigFor(pki, "kaas-console", "kaas-console", apiserverUrl), {
    mode: 0o600,
  });
  const kcmKubeconfig = join(dir, "controller-manager.kubeconfig");
  writeFileSync(kcmKubeconfig, kubeconfigFor(pki, "controller-manager", "controller-manager", apiserverUrl), {
    mode: 0o600,
  });
  const capiKubeconfig = join(dir, "capi.kubeconfig");
  writeFileSync(capiKubeconfig, kubeconfigFor(pki, "capi", "capi-manager", apiserverUrl), { mode: 0o600 });
  // controller-runtime webhook servers read tls.crt/tls.key from a folder.
  const webhookCerts = join(dir, "webhook-certs");
  mkdirSync(webhookCerts, { recursive: true });
  writeFileSync(join(webhookCerts, "tls.crt"), readFileSync(pki.servingCert));
  writeFileSync(join(webhookCerts, "tls.key"), readFileSync(pki.servingKey), { mode: 0o600 });

  const state: State = { processes: [], startedAt: new Date().toISOString() };
  const began = Date.now();
  const track = (p: { name: string; pid: number; bin: string }) => {
    state.processes.push(p);
    writeState(state);
    return p;
  };

  const etcd = track(
    start("etcd", need("etcd"), [
      `--data-dir=${join(dir, "etcd")}`,
      `--listen-client-urls=http://127.0.0.1:${PORTS.etcdClient}`,
      `--advertise-client-urls=http://127.0.0.1:${PORTS.etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${PORTS.etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${PORTS.etcdPeer}`,
      `--initial-cluster=default=http://127.0.0.1:${PORTS.etcdPeer}`,
      "--listen-metrics-urls=",
      "--unsafe-no-fsync",
      "--quota-backend-bytes=4294967296",
    ]),
  );
  await until("etcd", () => httpOk(`http://127.0.0.1:${PORTS.etcdClient}/health`), 30_000, etcd);
  log(`plane: etcd ready on 127.0.0.1:${PORTS.etcdClient}`);

  const apiserver = track(
    start(
      "kube-apiserver",
      need("kube-apiserver"),
      apiserverArgs(pki, { port: PORTS.apiserver, certDir: join(dir, "apiserver-certs") }),
    ),
  );
  const admin = credentials(pki, "admin");
  await until(
    "kube-apiserver",
    async () => (await kubeRequest(admin, "GET", "/readyz")).status === 200,
    90_000,
    apiserver,
  );
  log(`plane: kube-apiserver ready on ${apiserverUrl}`);

  track(
    start("kube-controller-manager", need("kube-controller-manager"), [
      `--kubeconfig=${kcmKubeconfig}`,
      `--authentication-kubeconfig=${kcmKubeconfig}`,
      `--authorization-kubeconfig=${kcmKubeconfig}`,
      "--bind-address=127.0.0.1",
      `--secure-port=${PORTS.controllerManager}`,
      "--leader-elect=false",
      `--service-account-private-key-file=${pki.saKey}`,
      `--root-ca-file=${pki.caCert}`,
      `--cluster-signing-cert-file=${pki.caCert}`,
      `--cluster-signing-key-file=${pki.caKey}`,
      "--use-service-account-credentials=false",
      // No nodes, pods or cloud here: run the controllers the console relies on.
      "--controllers=garbage-collector-controller,namespace-controller,resourcequota-controller,serviceaccount-controller,serviceaccount-token-controller,clusterrole-aggregation-controller",
      "--concurrent-gc-syncs=5",
      // Quota admission charges creates that later fail; a short resync gives the charge back soon.
      "--resource-quota-sync-period=30s",
    ]),
  );

  const caBundle = readFileSync(pki.caCert).toString("base64");
  const manifests = need("manifests");
  const providers: Provider[] = MANAGERS.map((m) => ({
    name:
      m.provider === "core"
        ? "cluster-api"
        : m.provider === "infrastructure"
          ? "infrastructure-docker"
          : `${m.provider}-kubeadm`,
    manifests: join(manifests, m.provider),
    webhookPort: m.webhookPort,
  }));
  await installBase(admin, providers, caBundle);
  log("plane: CRDs, webhooks and RBAC installed");

  const managers = MANAGERS.map((m) =>
    track(
      start(
        m.name,
        need(m.bin),
        [
          `--kubeconfig=${capiKubeconfig}`,
          `--webhook-port=${m.webhookPort}`,
          `--webhook-cert-dir=${webhookCerts}`,
          `--health-addr=127.0.0.1:${m.healthPort}`,
          `--diagnostics-address=127.0.0.1:${m.diagPort}`,
          "--insecure-diagnostics",
          "--leader-elect=false",
          // A reconcile that missed its trigger event (seen with the in-memory backend under load)
          // is retried within a minute instead of the default ten.
          "--sync-period=1m",
          // Every manager validates topology-related fields against its own gate.
          "--feature-gates=ClusterTopology=true",
        ],
        { POD_IP: "127.0.0.1" },
      ),
    ),
  );
  for (const [i, m] of MANAGERS.entries()) {
    const proc = managers[i];
    await until(m.name, () => httpOk(`http://127.0.0.1:${m.healthPort}/readyz`), 120_000, proc);
    log(`plane: ${m.name} ready (webhooks on 127.0.0.1:${m.webhookPort})`);
  }
  log(`plane: up in ${Math.round((Date.now() - began) / 1000)}s`);
  return { adminKubeconfig, consoleKubeconfig };
}
