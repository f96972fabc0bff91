/**
 * The informer's two ways to fill its cache, each against a real kube-apiserver 1.36: a
 * watch-list stream (the WatchList feature, on by default in 1.36) and LIST pages (the same binary
 * with `--feature-gates=WatchList=false,ListFromCacheSnapshot=false`, standing in for API servers
 * before both: such a server reads a continue token's page from etcd, where compaction expires it;
 * 1.36 serves it from a snapshot of its watch cache instead). Both run as
 * extra API servers on the plane's etcd under one prefix of their own, so changes made through one
 * are seen by the other and compacting etcd makes old resourceVersions and continue tokens
 * expire for real.
 *
 * A 410 inside a watch-list's initial events comes from a third instance without a watch cache
 * (`--watch-cache=false`): kube-apiserver 1.36 serves watch-lists from its watch cache out of a
 * snapshot of the store, which no compaction expires (apiserver `pkg/storage/cacher/watch_cache.go`,
 * `getAllEventsSinceLocked` → `getIntervalFromStoreLocked`), and a cache interval invalidated while
 * it is served just closes the stream without an ERROR (`cache_watcher.go`, `processInterval`).
 * Without the cache, the initial events are read from etcd in pages of 10,000 keys pinned to the
 * first page's revision (`pkg/storage/etcd3/watcher.go`, `sync`); when etcd is compacted past that
 * revision between two pages, the next page fails and the stream ends with an ERROR event, 410.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PORTS, planePki } from "@/dev/plane/control.ts";
import {
  compactEtcd,
  deleteEtcdPrefix,
  type ExtraApiserver,
  startExtraApiserver,
} from "@/dev/plane/extra-apiserver.ts";
import { type KubeCredentials, kubeRequest } from "@/dev/plane/kube.ts";
import { kubeconfigFor } from "@/dev/plane/pki.ts";
import { Informer } from "@/lib/k8s/hub/informer.ts";
import { type HubTransport, kubeConfigFileTransport } from "@/lib/k8s/hub/transport.ts";

const run = randomBytes(3).toString("hex");
const ns = `initial-lists-${run}`;
const etcdUrl = `http://127.0.0.1:${PORTS.etcdClient}`;
const path = `/api/v1/namespaces/${ns}/events`;

const etcdPrefix = `/kaas-initial-lists-${run}`;
/** The namespace of the 410-mid-stream test: more objects than one etcd page of a watch-list. */
const bulkNs = `initial-lists-bulk-${run}`;
const bulkPath = `/api/v1/namespaces/${bulkNs}/events`;
/** The etcd3 store's page size for a watch-list's initial events (`maxLimit` in store.go). */
const ETCD_PAGE = 10_000;

let streaming: ExtraApiserver;
let paging: ExtraApiserver;
let uncached: ExtraApiserver;
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

/**
 * Creates `n` Events in the bulk namespace over one keep-alive connection, 16 at a time, each with
 * a 1 KB message: a page of them is far more than the socket buffers hold, so a reader that stops
 * reading stops the API server inside its first page.
 */
async function createBulkEvents(t: HubTransport, prefix: string, n: number): Promise<void> {
  const padding = "x".repeat(1024);
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < n) {
        const i = next++;
        const res = await t.request("POST", bulkPath, {
          body: JSON.stringify({
            apiVersion: "v1",
            kind: "Event",
            metadata: { name: `${prefix}-${i}`, namespace: bulkNs },
            involvedObject: { kind: "ConfigMap", name: "bulk", namespace: bulkNs, apiVersion: "v1" },
            reason: "InitialListTest",
            message: `${prefix} ${i} ${padding}`,
            type: "Normal",
            source: { component: "kaas-initial-lists-test" },
          }),
        });
        res.body.resume();
        if (res.status !== 201) throw new Error(`create event: ${res.status}`);
      }
    }),
  );
}

beforeAll(async () => {
  [streaming, paging, uncached] = await Promise.all([
    startExtraApiserver(etcdPrefix),
    startExtraApiserver(etcdPrefix, {
      extraArgs: ["--feature-gates=WatchList=false,ListFromCacheSnapshot=false"],
    }),
    startExtraApiserver(etcdPrefix, { extraArgs: ["--watch-cache=false"] }),
  ]);
  for (const name of [ns, bulkNs]) {
    const res = await kubeRequest(streaming.admin, "POST", "/api/v1/namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name },
    });
    if (res.status !== 201) throw new Error(`namespace: ${res.status} ${res.text}`);
  }
  await createEvents(streaming.admin, "first", 30);
}, 180_000);

afterAll(async () => {
  for (const t of transports) await t.close();
  await streaming?.stop();
  await paging?.stop();
  await uncached?.stop();
  // No controller manager finalizes these API servers' namespaces: drop their keys from etcd.
  await deleteEtcdPrefix(etcdUrl, `${etcdPrefix}/`);
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

  test("watch-list: a 410 in the middle of the initial events drops what came, lists again by stream, and nothing is lost or doubled", async () => {
    const real = transportTo(uncached);
    await createBulkEvents(real, "bulk", ETCD_PAGE + 1);
    // The first watch-list's reader stops after its first chunk: the API server then blocks inside
    // its first etcd page. Meanwhile one more write moves etcd on and etcd is compacted for real,
    // so the second page's read at the first page's revision fails. What the reader sees from then
    // on is the API server's own stream, unchanged.
    let paused = false;
    let initialEventsBefore410 = 0;
    let syncedAt410: boolean | undefined;
    let inf: Informer | undefined;
    const pausingFirstStream: HubTransport = {
      server: real.server,
      close: () => real.close(),
      async request(method, p, opts) {
        const res = await real.request(method, p, opts);
        if (paused || !p.includes("sendInitialEvents=true")) return res;
        paused = true;
        async function* pausedOnce() {
          let first = true;
          let tail = "";
          for await (const chunk of res.body) {
            const text = tail + (chunk as Buffer).toString("latin1");
            const lines = text.split("\n");
            tail = lines.pop() ?? "";
            for (const l of lines) {
              if (l.startsWith('{"type":"ADDED"')) initialEventsBefore410++;
              if (l.startsWith('{"type":"ERROR"') && l.includes('"code":410')) syncedAt410 = inf?.synced;
            }
            yield chunk;
            if (first) {
              first = false;
              const res2 = await real.request("POST", bulkPath, {
                body: JSON.stringify({
                  apiVersion: "v1",
                  kind: "Event",
                  metadata: { name: "during-0", namespace: bulkNs },
                  involvedObject: { kind: "ConfigMap", name: "bulk", namespace: bulkNs, apiVersion: "v1" },
                  reason: "InitialListTest",
                  message: "written while the first watch-list was paused",
                  type: "Normal",
                  source: { component: "kaas-initial-lists-test" },
                }),
              });
              res2.body.resume();
              expect(res2.status).toBe(201);
              await compactEtcd(etcdUrl);
            }
          }
        }
        return { status: res.status, body: Readable.from(pausedOnce(), { objectMode: false }) };
      },
    };
    const informer = new Informer({ transport: pausingFirstStream, path: bulkPath, watchTimeoutSeconds: 60 });
    inf = informer;
    informer.start();
    try {
      await informer.whenSynced();
      // The first stream ended with a 410 after part of its initial events, before the cache was
      // ever synced from it; the second, complete stream filled it.
      expect(paused).toBe(true);
      expect(informer.stats.gone).toBe(1);
      expect(initialEventsBefore410).toBeGreaterThan(0);
      expect(initialEventsBefore410).toBeLessThan(ETCD_PAGE + 1);
      expect(syncedAt410).toBe(false);
      expect(informer.stats.streamedLists).toBe(1);
      expect(informer.stats.listRequests).toBe(0);
      expect(informer.stats.relists).toBe(0);
      const expected = (await kubeRequest(uncached.admin, "GET", bulkPath)).body as {
        items: { metadata: { name: string } }[];
      };
      expect(expected.items.length).toBe(ETCD_PAGE + 2);
      expect(informer.size).toBe(ETCD_PAGE + 2);
      expect(names(informer).sort()).toEqual(expected.items.map((i) => i.metadata.name).sort());
      // And the stream goes on as the watch.
      await createBulkEvents(real, "after", 1);
      await until("an event after the second stream", () => names(informer).includes("after-0"));
    } finally {
      informer.stop();
    }
  }, 300_000);
});
