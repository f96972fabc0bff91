/**
 * The live stream against the shared management plane: what a user's SSE bytes carry is decided
 * by SubjectAccessReviews of their impersonated identity, and a removed RoleBinding stops the flow.
 * The revocation case works in namespaces of its own (`live-test-<run>-a|b`, labelled as team
 * namespaces, bound to a test group), so the demo teams' bindings are never touched.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { adminCredentials, planeDir } from "@/dev/plane/control.ts";
import { apply, kubeRequest } from "@/dev/plane/kube.ts";
import { AccessReviewer, forgetOnRoleBindingChange } from "@/lib/k8s/hub/access.ts";
import { WatchHub } from "@/lib/k8s/hub/hub.ts";
import { type HubTransport, kubeConfigFileTransport } from "@/lib/k8s/hub/transport.ts";
import type { KubeIdentity } from "@/lib/k8s/identity.ts";
import { TEAM_LABEL } from "@/lib/k8s/names.ts";
import { liveStream } from "@/lib/live/server-stream.ts";
import { StreamReader } from "./support/sse-reader.ts";

const run = randomBytes(3).toString("hex");
const nsA = `live-test-${run}-a`;
const nsB = `live-test-${run}-b`;
const admin = adminCredentials();
const tester: KubeIdentity = { user: `oidc:live-tester-${run}`, groups: [`oidc:live-test-${run}`] };
const bob: KubeIdentity = { user: "oidc:bob", groups: ["oidc:team-a"] };

let transport: HubTransport;
let hub: WatchHub;
let access: AccessReviewer;
const created: { ns: string; name: string }[] = [];

async function createEvent(
  ns: string,
  name: string,
  about: { kind: string; name: string; uid?: string; apiVersion: string } = {
    kind: "ConfigMap",
    name: "live-test",
    apiVersion: "v1",
  },
): Promise<void> {
  const res = await kubeRequest(admin, "POST", `/api/v1/namespaces/${ns}/events`, {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace: ns },
    involvedObject: { ...about, namespace: ns },
    reason: "LiveStreamTest",
    message: `written by the live stream test ${run}`,
    type: "Normal",
    source: { component: "kaas-live-test" },
  });
  if (res.status !== 201) throw new Error(`create event: ${res.status} ${res.text}`);
  created.push({ ns, name });
}

beforeAll(async () => {
  for (const ns of [nsA, nsB]) {
    await apply(admin, {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: ns, labels: { [TEAM_LABEL]: ns } },
    });
    await apply(admin, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "kaas:team-member", namespace: ns },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "kaas:team-member" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: tester.groups[0] }],
    });
  }
  transport = kubeConfigFileTransport(join(planeDir(), "console.kubeconfig"));
  hub = new WatchHub({ transport, kinds: ["clusters", "machines", "events", "roleBindings"] });
  hub.start();
  await hub.whenSynced("clusters");
  await hub.whenSynced("machines");
  await hub.whenSynced("events");
  await hub.whenSynced("roleBindings");
  // Every kind's watch open, so the watch counts below compare a settled hub.
  for (const kind of hub.kinds()) {
    while (hub.informer(kind).stats.openWatches < 1) await new Promise((r) => setTimeout(r, 20));
  }
  // The production cache time (25 s): the revocation case shows the flow stops within it.
  access = new AccessReviewer(transport);
  forgetOnRoleBindingChange(hub, access);
});

afterAll(async () => {
  hub?.stop();
  await transport?.close();
  for (const e of created) await kubeRequest(admin, "DELETE", `/api/v1/namespaces/${e.ns}/events/${e.name}`);
  for (const ns of [nsA, nsB]) await kubeRequest(admin, "DELETE", `/api/v1/namespaces/${ns}`);
});

describe("live stream", () => {
  test("bob's bytes carry team-a and never a team-b object; more streams add no upstream watch", async () => {
    const watchesBefore = Object.values(hub.status()).reduce((n, s) => n + s.watchRequests, 0);
    const stream = new StreamReader(
      liveStream({
        hub,
        access,
        identity: bob,
        kinds: ["clusters", "events"],
        sessionState: async () => "active",
      }),
    );
    const others = [1, 2, 3].map(
      () =>
        new StreamReader(
          liveStream({ hub, access, identity: bob, kinds: ["clusters"], sessionState: async () => "active" }),
        ),
    );
    await stream.waitFor("the ready event", (t) => t.includes("event: ready\n"));
    const snapshots = stream.events("snapshot");
    expect(snapshots.map((s) => `${s.kind}/${s.namespace}`).sort()).toEqual([
      "clusters/team-a",
      "events/team-a",
    ]);
    expect(stream.text).toContain('"name":"web-prod"');

    // A change in team-b, then one in team-a: once the second arrived, the first would have too.
    await createEvent("team-b", `live-test-${run}-secret`);
    await createEvent("team-a", `live-test-${run}-marker`);
    await stream.waitFor("the team-a marker", (t) => t.includes(`live-test-${run}-marker`));
    expect(stream.text).not.toContain("team-b");
    expect(stream.text).not.toContain(`live-test-${run}-secret`);
    expect(stream.text).not.toContain("analytics");

    for (const o of others) await o.waitFor("ready", (t) => t.includes("event: ready\n"));
    const watchesAfter = Object.values(hub.status()).reduce((n, s) => n + s.watchRequests, 0);
    expect(watchesAfter).toBe(watchesBefore);
    for (const s of [stream, ...others]) s.cancel();
  });

  test("a stream scoped to one cluster carries that cluster, its Machines and the Events about them, and nothing else of the namespace", async () => {
    const CAPI = "/apis/cluster.x-k8s.io/v1beta2/namespaces/team-a";
    const uidOf = async (path: string) =>
      ((await kubeRequest(admin, "GET", path)).body as { metadata: { uid: string } }).metadata.uid;
    const machines = (await kubeRequest(admin, "GET", `${CAPI}/machines`)).body as {
      items: { metadata: { name: string; uid: string }; spec: { clusterName: string } }[];
    };
    const webMachine = machines.items.find((m) => m.spec.clusterName === "web-prod");
    const ciMachine = machines.items.find((m) => m.spec.clusterName === "ci-runners");
    if (!webMachine || !ciMachine) throw new Error("the demo clusters' machines are missing");
    const capi = "cluster.x-k8s.io/v1beta2";
    await createEvent("team-a", `live-test-${run}-web-cluster`, {
      kind: "Cluster",
      name: "web-prod",
      uid: await uidOf(`${CAPI}/clusters/web-prod`),
      apiVersion: capi,
    });
    await createEvent("team-a", `live-test-${run}-ci-cluster`, {
      kind: "Cluster",
      name: "ci-runners",
      uid: await uidOf(`${CAPI}/clusters/ci-runners`),
      apiVersion: capi,
    });
    const open = (only: boolean) =>
      new StreamReader(
        liveStream({
          hub,
          access,
          identity: bob,
          kinds: ["clusters", "machines", "events"],
          namespaces: ["team-a"],
          scope: only
            ? (["clusters", "machines", "events"] as const).map((kind) => ({
                kind,
                namespace: "team-a",
                cluster: "web-prod",
              }))
            : undefined,
          sessionState: async () => "active",
        }),
      );
    const scoped = open(true);
    const whole = open(false);
    await scoped.waitFor(
      "the ready event",
      (t) => t.includes("event: ready\n") && t.includes("-web-cluster"),
    );
    await whole.waitFor("the ready event", (t) => t.includes("event: ready\n") && t.includes("-ci-cluster"));
    // What a stream gave the client of one kind: its snapshot, and objects added since.
    const names = (s: StreamReader, kind: string) => [
      ...s
        .events("snapshot")
        .filter((e) => e.kind === kind)
        .flatMap((e) => (e.items as { metadata: { name: string } }[]).map((o) => o.metadata.name)),
      ...s
        .events("change")
        .filter((e) => e.kind === kind)
        .map((e) => (e.object as { metadata: { name: string } }).metadata.name),
    ];
    expect([...new Set(names(scoped, "clusters"))]).toEqual(["web-prod"]);
    // Other tests may add clusters to team-a meanwhile: the whole namespace has at least these two.
    expect(names(whole, "clusters")).toEqual(expect.arrayContaining(["ci-runners", "web-prod"]));
    expect(names(scoped, "machines")).toContain(webMachine.metadata.name);
    expect(names(scoped, "machines")).not.toContain(ciMachine.metadata.name);
    expect(names(scoped, "events")).toContain(`live-test-${run}-web-cluster`);
    expect(names(scoped, "events")).not.toContain(`live-test-${run}-ci-cluster`);
    expect(names(whole, "events")).toContain(`live-test-${run}-ci-cluster`);

    // Changes: an Event about the other cluster's Machine, then one about this cluster's Machine;
    // once the second arrived, the first would have too. Events about no object of it stay out.
    await createEvent("team-a", `live-test-${run}-ci-machine`, {
      kind: "Machine",
      name: ciMachine.metadata.name,
      uid: ciMachine.metadata.uid,
      apiVersion: capi,
    });
    await createEvent("team-a", `live-test-${run}-unrelated`);
    await createEvent("team-a", `live-test-${run}-web-machine`, {
      kind: "Machine",
      name: webMachine.metadata.name,
      uid: webMachine.metadata.uid,
      apiVersion: capi,
    });
    await scoped.waitFor("the web-prod machine's event", (t) => t.includes(`live-test-${run}-web-machine`));
    await whole.waitFor("every event", (t) => t.includes(`live-test-${run}-web-machine`));
    expect(scoped.text).not.toContain(`live-test-${run}-ci-machine`);
    expect(scoped.text).not.toContain(`live-test-${run}-unrelated`);
    expect(whole.text).toContain(`live-test-${run}-ci-machine`);
    expect(whole.text).toContain(`live-test-${run}-unrelated`);
    expect(scoped.text.length).toBeLessThan(whole.text.length);
    for (const s of [scoped, whole]) s.cancel();
  });

  test("the access check of a scoped stream is the unscoped one: another team's cluster sends nothing", async () => {
    const stream = new StreamReader(
      liveStream({
        hub,
        access,
        identity: bob,
        kinds: ["clusters", "events"],
        namespaces: ["team-b"],
        scope: [{ kind: "clusters", namespace: "team-b", cluster: "analytics" }],
        sessionState: async () => "active",
      }),
    );
    await stream.waitFor("the ready event", (t) => t.includes("event: ready\n"));
    expect(stream.events("snapshot")).toEqual([]);
    expect(stream.text).not.toContain("analytics");
    stream.cancel();
  });

  test("removing the user's RoleBinding stops that namespace's events within the cache time", async () => {
    const stream = new StreamReader(
      liveStream({ hub, access, identity: tester, kinds: ["events"], sessionState: async () => "active" }),
    );
    await stream.waitFor("snapshots of both test namespaces", (t) => t.includes(nsA) && t.includes(nsB));
    await createEvent(nsA, `before-${run}`);
    await stream.waitFor("the event written before revocation", (t) => t.includes(`before-${run}`));

    const del = await kubeRequest(
      admin,
      "DELETE",
      `/apis/rbac.authorization.k8s.io/v1/namespaces/${nsA}/rolebindings/kaas:team-member`,
    );
    expect(del.status).toBe(200);
    await stream.waitFor(`revocation of ${nsA}`, () =>
      stream.events("revoked").some((r) => r.namespace === nsA && r.kind === "events"),
    );

    await createEvent(nsA, `after-${run}`);
    await createEvent(nsB, `marker-${run}`);
    await stream.waitFor("the marker in the namespace still bound", (t) => t.includes(`marker-${run}`));
    expect(stream.text).not.toContain(`after-${run}`);
    stream.cancel();
  });

  test("a team role granted and taken away counts from the next check, not after the 25 s cache", async () => {
    const nsC = `live-test-${run}-c`;
    await apply(admin, {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: nsC, labels: { [TEAM_LABEL]: nsC } },
    });
    try {
      const stream = new StreamReader(
        liveStream({
          hub,
          access,
          identity: tester,
          kinds: ["events"],
          namespaces: [nsC],
          sessionState: async () => "active",
          recheckMs: 500,
        }),
      );
      await stream.waitFor("ready", (t) => t.includes("event: ready\n"));
      // The denial is cached now; only the RoleBinding's watch event can make it go away early.
      expect(stream.events("snapshot").some((e) => e.namespace === nsC)).toBe(false);
      const binding = {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "kaas:team-viewer", namespace: nsC },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "kaas:team-viewer" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: tester.groups[0] }],
      };
      await apply(admin, binding);
      // Well inside the cache time: without the RoleBinding watch this waits 25 s and fails.
      await stream.waitFor(
        `a snapshot of ${nsC} after the grant`,
        () => stream.events("snapshot").some((e) => e.namespace === nsC),
        15_000,
      );
      await kubeRequest(
        admin,
        "DELETE",
        `/apis/rbac.authorization.k8s.io/v1/namespaces/${nsC}/rolebindings/kaas:team-viewer`,
      );
      await stream.waitFor(
        `revocation of ${nsC}`,
        () => stream.events("revoked").some((e) => e.namespace === nsC),
        15_000,
      );
      stream.cancel();
    } finally {
      await kubeRequest(admin, "DELETE", `/api/v1/namespaces/${nsC}`);
    }
  });

  test.each(["signed-out", "identity-changed"] as const)(
    "the stream ends with the reason %s when the session does",
    async (reason) => {
      let state: "active" | typeof reason = "active";
      const stream = new StreamReader(
        liveStream({
          hub,
          access,
          identity: bob,
          kinds: ["clusters"],
          sessionState: async () => state,
          recheckMs: 200,
        }),
      );
      await stream.waitFor("ready", (t) => t.includes("event: ready\n"));
      state = reason;
      await stream.waitFor("the end", () => stream.done);
      expect(stream.text).toContain(`event: end\ndata: {"reason":"${reason}"}`);
    },
  );
});
