/**
 * A real kube-apiserver killed and restarted under an open live stream. The shared plane's API
 * server must stay up for the controllers and the other tests, so this runs two extra API servers
 * on the plane's etcd under a prefix of their own: the hub watches through A; while A is down,
 * changes are made through B (same storage, like a second control-plane node).
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
import { AccessReviewer } from "@/lib/k8s/hub/access.ts";
import { WatchHub } from "@/lib/k8s/hub/hub.ts";
import { type HubTransport, kubeConfigFileTransport } from "@/lib/k8s/hub/transport.ts";
import { TEAM_LABEL } from "@/lib/k8s/names.ts";
import { liveStream } from "@/lib/live/server-stream.ts";
import { StreamReader } from "./support/sse-reader.ts";

const run = randomBytes(3).toString("hex");
const ns = `restart-${run}`;
const etcdUrl = `http://127.0.0.1:${PORTS.etcdClient}`;
// Access is not under test here (see live-stream.test.ts): an identity the API server lets read all.
const reader = { user: "restart-tester", groups: ["system:masters"] };

let a: ExtraApiserver;
let b: ExtraApiserver;
let transport: HubTransport;
let hub: WatchHub;

async function createEvent(creds: KubeCredentials, name: string): Promise<void> {
  const res = await kubeRequest(creds, "POST", `/api/v1/namespaces/${ns}/events`, {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace: ns },
    involvedObject: { kind: "ConfigMap", name: "restart-test", namespace: ns, apiVersion: "v1" },
    reason: "RestartTest",
    message: name,
    type: "Normal",
    source: { component: "kaas-restart-test" },
  });
  if (res.status !== 201) throw new Error(`create event ${name}: ${res.status} ${res.text}`);
}

async function deleteEvent(creds: KubeCredentials, name: string): Promise<void> {
  const res = await kubeRequest(creds, "DELETE", `/api/v1/namespaces/${ns}/events/${name}`);
  if (res.status !== 200) throw new Error(`delete event ${name}: ${res.status} ${res.text}`);
}

/** Names of the events a stream's snapshot and change frames left it with, in order. */
function eventNames(stream: StreamReader): string[] {
  const names = new Map<string, boolean>();
  for (const frame of stream.text.split("\n\n")) {
    const data = frame.slice(frame.indexOf("data: ") + 6);
    if (frame.startsWith("event: snapshot\n")) {
      const s = JSON.parse(data) as { items: { metadata: { name: string } }[] };
      for (const o of s.items) names.set(o.metadata.name, true);
    } else if (frame.startsWith("event: change\n")) {
      const c = JSON.parse(data) as { type: string; object: { metadata: { name: string } } };
      names.set(c.object.metadata.name, c.type !== "DELETED");
    }
  }
  return [...names].filter(([, present]) => present).map(([n]) => n);
}

const upstreamStates = (stream: StreamReader) =>
  stream.events("upstream").map((e) => (e as unknown as { state: string }).state);

beforeAll(async () => {
  const prefix = `/kaas-restart-test-${run}`;
  [a, b] = await Promise.all([startExtraApiserver(prefix), startExtraApiserver(prefix)]);
  await kubeRequest(a.admin, "POST", "/api/v1/namespaces", {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: ns, labels: { [TEAM_LABEL]: ns } },
  });
  const dir = mkdtempSync(join(tmpdir(), "kaas-restart-"));
  const kubeconfig = join(dir, "a.kubeconfig");
  writeFileSync(kubeconfig, kubeconfigFor(planePki(), "admin", "admin", a.url), { mode: 0o600 });
  transport = kubeConfigFileTransport(kubeconfig);
  // Short backoff bounds so the test does not wait out production's 30 s ceiling.
  hub = new WatchHub({ transport, kinds: ["events"], watchTimeoutSeconds: 30 });
  hub.start();
  await hub.whenSynced("events");
}, 180_000);

afterAll(async () => {
  hub?.stop();
  await transport?.close();
  if (b) await kubeRequest(b.admin, "DELETE", `/api/v1/namespaces/${ns}`).catch(() => {});
  await a?.stop();
  await b?.stop();
});

describe("a restarted kube-apiserver", () => {
  test("the stream says reconnecting, keeps the last known objects, then catches up with changes made meanwhile; a compacted store re-lists once", async () => {
    await createEvent(a.admin, "before-1");
    await createEvent(a.admin, "before-2");
    const stream = new StreamReader(
      liveStream({
        hub,
        access: new AccessReviewer(transport),
        identity: reader,
        kinds: ["events"],
        sessionState: async () => "active",
        recheckMs: 500,
      }),
    );
    await stream.waitFor("both events", (t) => t.includes("before-2") && t.includes("event: ready\n"));
    expect(eventNames(stream).sort()).toEqual(["before-1", "before-2"]);
    const counters = (kind: "events" | "namespaces") => {
      const s = hub.status()[kind];
      if (!s) throw new Error(`no ${kind} informer`);
      return { gone: s.gone, relists: s.relists };
    };
    const eventsBefore = counters("events");
    const namespacesBefore = counters("namespaces");

    await a.kill();
    await stream.waitFor("an upstream reconnecting frame", () =>
      upstreamStates(stream).includes("reconnecting"),
    );
    // Nothing was withdrawn: the client keeps showing the last known state, marked reconnecting.
    expect(eventNames(stream).sort()).toEqual(["before-1", "before-2"]);
    expect(stream.text).not.toContain("event: revoked");

    // Meanwhile, through the other API server: one added, one deleted. Then the store is
    // compacted, so A's old resourceVersion is gone and its watch must answer 410.
    await createEvent(b.admin, "during-outage");
    await deleteEvent(b.admin, "before-1");
    await compactEtcd(etcdUrl);

    const restartedAt = Date.now();
    await a.start();
    await stream.waitFor("the changes made during the outage", () => {
      const names = eventNames(stream);
      return names.includes("during-outage") && !names.includes("before-1");
    });
    await stream.waitFor("an upstream live frame", () => upstreamStates(stream).at(-1) === "live");
    const caughtUpMs = Date.now() - restartedAt;
    expect(eventNames(stream).sort()).toEqual(["before-2", "during-outage"]);
    expect(upstreamStates(stream)).toEqual(["reconnecting", "live"]);

    const events = counters("events");
    const namespaces = counters("namespaces");
    expect(events.gone - eventsBefore.gone, "410 Gone answers after the compaction").toBeGreaterThanOrEqual(
      1,
    );
    expect(events.relists - eventsBefore.relists, "event re-lists for one restart").toBe(1);
    expect(namespaces.relists - namespacesBefore.relists, "namespace re-lists").toBeLessThanOrEqual(1);
    console.log(
      `restart: caught up ${caughtUpMs} ms after the API server was started again; events: 410s ${events.gone - eventsBefore.gone}, re-lists ${events.relists - eventsBefore.relists}; namespaces: re-lists ${namespaces.relists - namespacesBefore.relists}`,
    );

    // And live again: a change through A arrives as usual.
    await createEvent(a.admin, "after-restart");
    await stream.waitFor("an event made after the restart", () =>
      eventNames(stream).includes("after-restart"),
    );
    stream.cancel();
  }, 180_000);
});
