/**
 * A second kube-apiserver on the plane's etcd, under an etcd prefix of its own, for tests and
 * benchmarks that kill and restart an API server: the shared one must never go away under the
 * controllers and the other tests. Two instances on the same prefix act as one HA control plane,
 * so changes can be made through one while the other is down.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinaries } from "./binaries.ts";
import { apiserverArgs, planePki } from "./control.ts";
import { type KubeCredentials, kubeRequest } from "./kube.ts";

export type ExtraApiserver = {
  url: string;
  /** system:masters client credentials for this instance. */
  admin: KubeCredentials;
  /** Kills the process at once (SIGKILL: no graceful shutdown, open watches just break). */
  kill(): Promise<void>;
  /** Starts it again with the same arguments and waits until it is ready. */
  start(): Promise<void>;
  stop(): Promise<void>;
};

/** A free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts a kube-apiserver on a free port with `etcdPrefix`; the plane's etcd must be running.
 * `extraArgs` go after the plane's own (e.g. `--feature-gates=WatchList=false` for an API server
 * without watch-list).
 */
export async function startExtraApiserver(
  etcdPrefix: string,
  opts: { extraArgs?: readonly string[] } = {},
): Promise<ExtraApiserver> {
  const bins = await ensureBinaries(() => {});
  const bin = bins["kube-apiserver"];
  if (!bin) throw new Error("no kube-apiserver binary");
  const pki = planePki();
  const port = await freePort();
  const url = `https://127.0.0.1:${port}`;
  const dir = join(tmpdir(), `kaas-extra-apiserver-${port}`);
  mkdirSync(dir, { recursive: true });
  const admin: KubeCredentials = {
    server: url,
    ca: readFileSync(pki.caCert),
    cert: readFileSync(pki.client("admin").cert),
    key: readFileSync(pki.client("admin").key),
  };
  const args = [
    ...apiserverArgs(pki, { port, certDir: join(dir, "certs"), etcdPrefix }),
    ...(opts.extraArgs ?? []),
  ];
  let child: ChildProcess | undefined;

  const exited = (c: ChildProcess) =>
    c.exitCode !== null || c.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((r) => c.once("exit", () => r()));

  const start = async () => {
    const fd = openSync(join(dir, "kube-apiserver.log"), "a");
    const c = spawn(bin, args, { stdio: ["ignore", fd, fd] });
    closeSync(fd);
    child = c;
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (c.exitCode !== null) throw new Error(`extra kube-apiserver exited; see ${dir}/kube-apiserver.log`);
      const ok = await kubeRequest(admin, "GET", "/readyz")
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`extra kube-apiserver not ready after 90s (${dir})`);
      // Often: callers time what happens after "ready" (the restart bench's catch-up).
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c) return;
    c.kill("SIGKILL");
    await exited(c);
  };

  await start();
  return { url, admin, kill, start, stop: kill };
}

/** Compacts the plane's etcd up to its current revision (what kube-apiserver does every 5 min). */
export async function compactEtcd(etcdUrl: string): Promise<number> {
  const range = await fetch(`${etcdUrl}/v3/kv/range`, {
    method: "POST",
    body: JSON.stringify({ key: Buffer.from("/").toString("base64") }),
  });
  const head = ((await range.json()) as { header?: { revision?: string } }).header?.revision;
  if (!head) throw new Error("etcd: no revision in range answer");
  const res = await fetch(`${etcdUrl}/v3/kv/compaction`, {
    method: "POST",
    body: JSON.stringify({ revision: head, physical: true }),
  });
  if (!res.ok) throw new Error(`etcd compaction: HTTP ${res.status} ${await res.text()}`);
  return Number(head);
}

/**
 * Deletes every key under `prefix` from the plane's etcd: an extra API server's objects, which no
 * controller manager finalizes (a namespace deleted through it stays Terminating).
 */
export async function deleteEtcdPrefix(etcdUrl: string, prefix: string): Promise<void> {
  const key = Buffer.from(prefix);
  const end = Buffer.from(prefix);
  end[end.length - 1] = (end[end.length - 1] ?? 0) + 1;
  const res = await fetch(`${etcdUrl}/v3/kv/deleterange`, {
    method: "POST",
    body: JSON.stringify({ key: key.toString("base64"), range_end: end.toString("base64") }),
  });
  if (!res.ok) throw new Error(`etcd deleterange: HTTP ${res.status} ${await res.text()}`);
}
