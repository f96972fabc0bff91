/**
 * The hub's list+watch loop against a real HTTP peer on loopback that speaks the Kubernetes
 * list/watch protocol, because these cases need an API server that restarts, compacts and goes
 * silent, which the shared management plane must not do.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { Informer } from "@/lib/k8s/hub/informer.ts";
import { type HubTransport, serverTransport } from "@/lib/k8s/hub/transport.ts";
import { KubeProtocolServer, WIDGETS_PATH } from "./support/kube-protocol-server.ts";

const transportTo = (server: string) => serverTransport(server, "not-a-secret", true);

/** Waits for an outcome; the test's own timeout bounds it. */
async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const names = (inf: Informer) =>
  inf
    .list()
    .map((o) => o.name)
    .sort();

let server: KubeProtocolServer;
let transport: HubTransport;
let informer: Informer | undefined;

beforeEach(async () => {
  server = new KubeProtocolServer();
  await server.start();
  transport = transportTo(server.url);
});

afterEach(async () => {
  informer?.stop();
  informer = undefined;
  await transport.close();
  await server.stop();
});

function startInformer(extra: Partial<ConstructorParameters<typeof Informer>[0]> = {}): Informer {
  informer = new Informer({
    transport,
    path: WIDGETS_PATH,
    minBackoffMs: 20,
    maxBackoffMs: 200,
    watchTimeoutSeconds: 30,
    ...extra,
  });
  informer.start();
  return informer;
}

describe("watch hub informer against a restarting API server", () => {
  test("is not synced (and serves nothing) until its first list completed; strips managedFields", async () => {
    server.put("a", { size: 1 });
    await server.stop();
    const inf = startInformer();
    // The API server is down: no list yet, so no list at all, rather than an empty one.
    expect(inf.synced).toBe(false);
    await server.start(server.port);
    await inf.whenSynced();
    expect(names(inf)).toEqual(["a"]);
    expect(inf.list()[0]?.json).not.toContain("managedFields");
    // It asked for a watch-list once, was refused, and filled its cache by LIST from then on.
    expect(server.watchListsRefused).toBe(1);
    expect(inf.streamsLists).toBe(false);
    expect(server.lists).toBe(1);
  });

  test("survives a restart and re-lists exactly once when its resourceVersion was compacted", async () => {
    server.put("a", { size: 1 });
    const inf = startInformer();
    await inf.whenSynced();
    const seen: string[] = [];
    inf.onEvent((e) => seen.push(`${e.type} ${e.object.name}`));
    server.put("b", { size: 2 });
    await until("b via the watch", () => seen.includes("ADDED b"));
    expect(server.lists).toBe(1);

    // A plain restart with history kept: the watch resumes from its resourceVersion, no LIST.
    await server.stop();
    await server.start(server.port);
    server.put("c", { size: 3 });
    await until("c after the restart", () => seen.includes("ADDED c"));
    expect(server.lists).toBe(1);

    // A restart that lost the history (compaction): 410 Gone, one re-list, and the changes made
    // while the server was away arrive as events.
    await server.stop();
    server.delete("a");
    server.put("b", { size: 20 });
    server.put("d", { size: 4 });
    server.compact();
    await server.start(server.port);
    await until("d after the re-list", () => seen.includes("ADDED d"));
    expect(seen).toContain("DELETED a");
    expect(seen).toContain("MODIFIED b");
    expect(JSON.parse(inf.list().find((o) => o.name === "b")?.json ?? "{}").spec).toEqual({ size: 20 });
    // An object the re-list found unchanged keeps its entry, without an event.
    expect(seen.filter((s) => s.endsWith(" c"))).toEqual(["ADDED c"]);
    expect(names(inf)).toEqual(["b", "c", "d"]);
    expect(server.lists).toBe(2);
    expect(inf.stats.gone).toBe(1);
    expect(inf.stats.relists).toBe(1);

    // And it keeps watching after that.
    server.put("e", { size: 5 });
    await until("e", () => seen.includes("ADDED e"));
    expect(server.lists).toBe(2);
  });

  test("gives up on a watch that goes silent and reconnects", async () => {
    server.put("a", { size: 1 });
    const inf = startInformer({ watchTimeoutSeconds: 1 });
    await inf.whenSynced();
    await until("a first watch", () => server.watches >= 1);
    // The next watches connect and then hear nothing: no event, no bookmark, no end.
    server.silentWatches = true;
    await server.stop();
    await server.start(server.port);
    await until("a silent watch", () => server.watches >= 2);
    server.silentWatches = false;
    await until("the watchdog", () => inf.stats.deadWatches >= 1);
    server.put("b", { size: 2 });
    await until("b after reconnecting", () => names(inf).includes("b"));
    expect(server.lists).toBe(1);
  });
});
