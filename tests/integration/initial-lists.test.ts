/**
 * The informer's two ways to fill its cache, each against a real kube-apiserver 1.36: a
 * watch-list stream (the WatchList feature, on by default in 1.36) and LIST pages (the same binary
 * with `--feature-gates=WatchList=false,ListFromCacheSnapshot=false`, standing in for API servers
 * before both: such a server reads a continue token's page from etcd, where compaction expires it;
 * 1.36 serves it from a snapshot of its watch cache instead). Both run as
 * extra API servers on the plane's etcd under one prefix of their own, so changes made through one
 * are seen by the other and compacting etcd makes old resourceVersions and continue tokens
 * expire for real.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PORTS, planePki } from "@/dev/plane/control.ts";
import { compactEtcd, type ExtraApiserver, startExtraApiserver } from "@/dev/plane/extra-apiserver.ts";
import { type KubeCredentials, kubeRequest } from "@/dev/plane/kube.ts";
import { kubeconfigFor } from "@/dev/plane/pki.ts";
import { Informer } from "@/lib/k8s/hub/informer.ts";
import { type HubTransport, kubeConfigFileTransport } from "@/lib/k8s/hub/transport.ts";

const run = randomBytes(3).toString("hex");
const ns = `initial-lists-${run}`;
const etcdUrl = `http://127.0.0.1:${PORTS.etcdClient}`;
const path = `/api/v1/namespaces/${ns}/events`;

let streaming: ExtraApiserver;
let paging: ExtraApiserver;
const transports: HubTransport[] = [];

function transportTo(api: ExtraApiserver): HubTransport {
  const dir = mkdtempSync(join(tmpdir(), "kaas-initial-lists-"));
  const file = join(dir, "admin.kubeconfig");
  writeFileSync(file, kubeconfigFor(planePki(), "admin", "admin", api.url), { mode: 0o600 });
  const t = kubeConfigFileTransport(file);
  transports.push(t);
  return t;
}

async function createEvents(creds: KubeCredentials, prefix: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await kubeRequest(creds, "POST", path, {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: `${prefix}-${i}`, namespace: ns },
      involvedObject: { kind: "ConfigMap", name: "initial-lists", namespace: ns, apiVersion: "v1" },
      reason: "InitialListTest",
      message: `${prefix} ${i}`,
      type: "Normal",
      source: { component: "kaas-initial-lists-test" },
    });
    if (res.status !== 201) throw new Error(`create event: ${res.status} ${res.text}`);
  }
}

const names = (inf: Informer) => inf.list().map((o) => o.name);

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  const prefix = `/kaas-initial-lists-${run}`;
  [streaming, paging] = await Promise.all([
    startExtraApiserver(prefix),
    startExtraApiserver(prefix, {
      extraArgs: ["--feature-gates=WatchList=false,ListFromCacheSnapshot=false"],
    }),
  ]);
  const res = await kubeRequest(streaming.admin, "POST", "/api/v1/namespaces", {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: ns },
  });
  if (res.status !== 201) throw new Error(`namespace: ${res.status} ${res.text}`);
  await createEvents(streaming.admin, "first", 30);
}, 180_000);

afterAll(async () => {
  for (const t of transports) await t.close();
  if (streaming) await kubeRequest(streaming.admin, "DELETE", `/api/v1/namespaces/${ns}`).catch(() => {});
  await streaming?.stop();
  await paging?.stop();
});

describe("initial lists", () => {
  test("watch-list: the cache fills from one stream without a LIST; a 410 on resume after compaction re-lists once, by stream, with the changes made meanwhile", async () => {
    const inf = new Informer({ transport: transportTo(streaming), path, watchTimeoutSeconds: 30 });
    inf.start();
    try {
      await inf.whenSynced();
      expect(inf.streamsLists).toBe(true);
      expect(names(inf).filter((n) => n.startsWith("first-")).length).toBe(30);
      expect(inf.stats.listRequests).toBe(0);
      expect(inf.stats.streamedLists).toBe(1);
      // The same stream goes on as the watch: a change arrives on it, no new request.
      const watches = inf.stats.watchRequests;
      await createEvents(streaming.admin, "live", 1);
      await until("the live event", () => names(inf).includes("live-0"));
      expect(inf.stats.watchRequests).toBe(watches);

      // Cut off: changes through the other API server, then the store is compacted, so the
      // informer's resourceVersion is gone when it comes back.
      await streaming.kill();
      await until("the informer to notice", () => !inf.connected);
      await createEvents(paging.admin, "meanwhile", 2);
      const del = await kubeRequest(paging.admin, "DELETE", `${path}/first-0`);
      expect(del.status).toBe(200);
      await compactEtcd(etcdUrl);
      const gone = inf.stats.gone;
      await streaming.start();
      await until("the changes made while it was down", () => {
        const n = names(inf);
        return n.includes("meanwhile-1") && !n.includes("first-0") && inf.connected;
      });
      expect(inf.stats.gone).toBeGreaterThan(gone);
      expect(inf.stats.relists).toBe(1);
      expect(inf.stats.streamedLists).toBe(2);
      expect(inf.stats.listRequests).toBe(0);
      expect(names(inf).filter((n) => n.startsWith("first-")).length).toBe(29);
    } finally {
      inf.stop();
    }
  });

  test("paged LIST: an API server without watch-list is listed page by page; a continue token expired by compaction mid-list (410) starts the list over, and nothing is lost or doubled", async () => {
    const real = transportTo(paging);
    let pages = 0;
    let compacted = false;
    // The real transport; after the first page has arrived, one more write moves etcd past the
    // list's revision and etcd is compacted for real, so the API server answers the next page's
    // continue token with 410 Gone.
    const compactingAfterFirstPage: HubTransport = {
      server: real.server,
      close: () => real.close(),
      async request(method, p, opts) {
        const res = await real.request(method, p, opts);
        if (p.includes("limit=") && !p.includes("watch=")) {
          pages++;
          if (pages === 1 && !compacted) {
            compacted = true;
            await createEvents(paging.admin, "mid-list", 1);
            await compactEtcd(etcdUrl);
          }
        }
        return res;
      },
    };
    const inf = new Informer({
      transport: compactingAfterFirstPage,
      path,
      pageSize: 10,
      watchTimeoutSeconds: 30,
    });
    inf.start();
    try {
      await inf.whenSynced();
      // Asked for a watch-list first, refused by this API server, and remembered it.
      expect(inf.streamsLists).toBe(false);
      expect(inf.stats.streamedLists).toBe(0);
      expect(compacted).toBe(true);
      expect(inf.stats.gone).toBeGreaterThanOrEqual(1);
      // Every page of the first attempt, the 410, then every page again.
      expect(inf.stats.listRequests).toBeGreaterThan(Math.ceil(inf.size / 10));
      const expected = (await kubeRequest(paging.admin, "GET", path)).body as {
        items: { metadata: { name: string } }[];
      };
      expect(names(inf).sort()).toEqual(expected.items.map((i) => i.metadata.name).sort());
      expect(inf.size).toBe(expected.items.length);
      expect(inf.size).toBeGreaterThan(20);
      // And it watches from there.
      await createEvents(paging.admin, "after-paged", 1);
      await until("an event after the paged list", () => names(inf).includes("after-paged-0"));
    } finally {
      inf.stop();
    }
  });
});
