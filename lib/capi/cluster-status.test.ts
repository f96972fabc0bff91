import { describe, expect, it } from "vitest";
import type { Cluster, Machine } from "../k8s/types.ts";
import { addonRows } from "./addons.ts";
import { machineRows, objectsOfCluster, readinessOf, stackReleaseOf } from "./cluster-status.ts";
import { verdictText } from "./in-english.ts";
import { buildTimeline, whyNotReady } from "./timeline.ts";

const cluster: Cluster = {
  apiVersion: "cluster.x-k8s.io/v1beta2",
  kind: "Cluster",
  metadata: { name: "web", namespace: "team-a", uid: "c-1", creationTimestamp: "2026-11-24T10:00:00Z" },
  spec: {
    topology: {
      classRef: { name: "inmemory-scs-1-35-v1" },
      version: "v1.35.3",
      controlPlane: { replicas: 1 },
      workers: { machineDeployments: [{ class: "default-worker", name: "md-0", replicas: 2 }] },
    },
  },
  status: {
    phase: "Provisioning",
    conditions: [
      {
        type: "Available",
        status: "False",
        reason: "NotAvailable",
        message: "* WorkersAvailable: 1 available replicas, at least 2 required",
        lastTransitionTime: "2026-11-24T10:00:05Z",
      },
    ],
  },
};

function machine(
  name: string,
  labels: Record<string, string>,
  ready: boolean,
  extra: Partial<Machine> = {},
): Machine {
  return {
    apiVersion: "cluster.x-k8s.io/v1beta2",
    kind: "Machine",
    metadata: {
      name,
      uid: `m-${name}`,
      namespace: "team-a",
      creationTimestamp: "2026-11-24T10:00:01Z",
      labels: { "cluster.x-k8s.io/cluster-name": "web", ...labels },
    },
    spec: { clusterName: "web", version: "v1.35.3", providerID: `in-memory://${name}` },
    status: {
      phase: ready ? "Running" : "Provisioning",
      nodeRef: ready ? { name } : undefined,
      nodeInfo: ready ? { kubeletVersion: "v1.35.3" } : undefined,
      addresses: ready ? [{ type: "InternalIP", address: "10.0.0.5" }] : [],
      conditions: [
        {
          type: "Ready",
          status: ready ? "True" : "False",
          reason: ready ? "Ready" : "NotReady",
          message: ready ? "" : "* InfrastructureReady: waiting for a VM <script>",
          lastTransitionTime: ready ? "2026-11-24T10:00:20Z" : "2026-11-24T10:00:02Z",
        },
      ],
    },
    ...extra,
  };
}

const cp = machine("web-cp-1", { "cluster.x-k8s.io/control-plane": "" }, true);
const w1 = machine("web-md-0-a", { "topology.cluster.x-k8s.io/deployment-name": "md-0" }, true);
const w2 = machine("web-md-0-b", { "topology.cluster.x-k8s.io/deployment-name": "md-0" }, false);
const other = machine("other-md-0-a", { "cluster.x-k8s.io/cluster-name": "other" }, true, {
  spec: { clusterName: "other" },
});

const events = [
  {
    metadata: { name: "e1", uid: "e-1", namespace: "team-a", creationTimestamp: "2026-11-24T10:00:03Z" },
    involvedObject: { kind: "Cluster", name: "web", uid: "c-1" },
    type: "Normal",
    reason: "Provisioning",
    message: "Cluster web is Provisioning",
    lastTimestamp: "2026-11-24T10:00:03Z",
  },
  {
    // The same name, an earlier cluster: not ours.
    metadata: { name: "e0", uid: "e-0", namespace: "team-a" },
    involvedObject: { kind: "Cluster", name: "web", uid: "c-0" },
    type: "Warning",
    reason: "Old",
    message: "from a deleted cluster",
    lastTimestamp: "2026-11-24T09:00:00Z",
  },
  {
    metadata: { name: "e2", uid: "e-2", namespace: "team-a" },
    involvedObject: { kind: "Machine", name: "web-md-0-b", uid: "m-web-md-0-b" },
    type: "Warning",
    reason: "FailedCreate",
    message: "quota exceeded for flavor",
    series: { count: 3, lastObservedTime: "2026-11-24T10:00:30Z" },
  },
];

const failedAddon = {
  metadata: {
    name: "cluster-addon-web",
    uid: "a-1",
    namespace: "team-a",
    ownerReferences: [{ apiVersion: "cluster.x-k8s.io/v1beta2", kind: "Cluster", name: "web", uid: "c-1" }],
  },
  spec: { clusterRef: { name: "web" }, hook: "AfterControlPlaneInitialized" },
  status: {
    ready: false,
    stages: [
      { name: "cni", action: "apply", phase: "done" },
      { name: "metrics-server", action: "apply", phase: "applyingOrDeleting" },
      { name: "csi", action: "apply", phase: "Pending" },
    ],
    conditions: [
      {
        type: "HelmChartApplied",
        status: "False",
        severity: "Error",
        reason: "FailedToApplyObjects",
        message: "metrics-server: Deployment is invalid",
        lastTransitionTime: "2026-11-24T10:00:40Z",
      },
    ],
  },
};

describe("objectsOfCluster", () => {
  it("keeps the cluster's own objects and the events about them, by uid", () => {
    const ms = { metadata: { name: "web-md-0-x", uid: "ms-1" }, spec: { clusterName: "web" } };
    const msEvent = {
      metadata: { name: "e3", uid: "e-3", namespace: "team-a" },
      involvedObject: { kind: "MachineSet", name: "web-md-0-x", uid: "ms-1" },
      type: "Normal",
      reason: "SuccessfulCreate",
      message: "Created machine",
    };
    const objs = objectsOfCluster(cluster, {
      machines: [cp, w1, w2, other],
      machineSets: [ms],
      events: [...events, msEvent],
      clusterAddons: [failedAddon],
    });
    expect(objs.machines.map((m) => m.metadata.name)).toEqual(["web-cp-1", "web-md-0-a", "web-md-0-b"]);
    expect(objs.events.map((e) => e.metadata.name)).toEqual(["e1", "e2", "e3"]);
    expect(objs.clusterAddons).toHaveLength(1);
  });
});

describe("readinessOf", () => {
  it("counts ready machines against the topology's replicas, per control plane and pool", () => {
    const r = readinessOf(objectsOfCluster(cluster, { machines: [cp, w1, w2] }));
    expect(r.groups.map((g) => [g.label, g.ready, g.desired, g.activity])).toEqual([
      ["Control plane", 1, 1, "stable"],
      ["Pool md-0", 1, 2, "provisioning"],
    ]);
    expect(r).toMatchObject({ desired: 3, ready: 2, percent: 67 });
  });

  it("shows a scale at once: desired follows the topology before machines exist", () => {
    const scaled: Cluster = structuredClone(cluster);
    const md = scaled.spec.topology?.workers?.machineDeployments?.[0];
    if (md) md.replicas = 4;
    const r = readinessOf(objectsOfCluster(scaled, { machines: [cp, w1, w2] }));
    expect(r.groups[1]).toMatchObject({ desired: 4, current: 2, ready: 1, activity: "scaling-up" });
    const down: Cluster = structuredClone(cluster);
    const md2 = down.spec.topology?.workers?.machineDeployments?.[0];
    if (md2) md2.replicas = 1;
    expect(readinessOf(objectsOfCluster(down, { machines: [cp, w1, w2] })).groups[1]?.activity).toBe(
      "scaling-down",
    );
  });

  it("reports a rollout while machines run an older version", () => {
    const upgraded: Cluster = structuredClone(cluster);
    if (upgraded.spec.topology) upgraded.spec.topology.version = "v1.35.5";
    const r = readinessOf(objectsOfCluster(upgraded, { machines: [cp, w1] }));
    expect(r.groups[0]).toMatchObject({ upToDate: 0, activity: "rolling-out" });
  });

  it("reads v1beta1-shaped machines through their v1beta2 conditions", () => {
    const v1: Machine = {
      ...w2,
      apiVersion: "cluster.x-k8s.io/v1beta1",
      status: {
        phase: "Running",
        conditions: [{ type: "Ready", status: "False", severity: "Info", reason: "WaitingForNode" }],
        v1beta2: { conditions: [{ type: "Ready", status: "True", reason: "Ready" }] },
      } as Machine["status"],
    };
    expect(readinessOf(objectsOfCluster(cluster, { machines: [cp, w1, v1] })).ready).toBe(3);
  });
});

describe("machineRows", () => {
  it("lists control plane first with node, provider ID, kubelet version, addresses and failing conditions", () => {
    const rows = machineRows([w2, w1, cp]);
    expect(rows.map((r) => r.name)).toEqual(["web-cp-1", "web-md-0-a", "web-md-0-b"]);
    expect(rows[0]).toMatchObject({
      role: "Control plane",
      phase: "Running",
      nodeName: "web-cp-1",
      providerID: "in-memory://web-cp-1",
      kubeletVersion: "v1.35.3",
      addresses: ["10.0.0.5"],
      problems: [],
    });
    expect(rows[2]).toMatchObject({ role: "md-0", phase: "Provisioning", ready: false, nodeName: null });
    expect(rows[2]?.problems[0]?.message).toContain("<script>");
  });
});

describe("timeline and verdict", () => {
  it("merges conditions and events of the cluster and its objects, newest first", () => {
    const objs = objectsOfCluster(cluster, { machines: [cp, w1, w2], events, clusterAddons: [failedAddon] });
    const t = buildTimeline(objs);
    expect(t.map((e) => `${e.source}|${e.title}`).slice(0, 4)).toEqual([
      "ClusterAddon cluster-addon-web|HelmChartApplied is false",
      "Machine web-md-0-b|FailedCreate",
      "Machine web-cp-1|Ready is true",
      "Machine web-md-0-a|Ready is true",
    ]);
    expect(t[0]).toMatchObject({ level: "error", message: "metrics-server: Deployment is invalid" });
    expect(t[1]).toMatchObject({ level: "warning", origin: "event", count: 3 });
    expect(t.at(-1)?.title).toBe("Ready is false");
    expect(t.some((e) => e.message === "from a deleted cluster")).toBe(false);
  });

  it("says why the cluster is not ready in words", () => {
    const objs = objectsOfCluster(cluster, { machines: [cp, w1, w2], events, clusterAddons: [failedAddon] });
    const v = whyNotReady(objs, readinessOf(objs), addonRows(objs.clusterAddons, [], []));
    expect(v.ready).toBe(false);
    expect(verdictText(v)).toBe(
      "Not ready: pool md-0 has 1 of 2 machines ready (provisioning); add-on cluster-addon-web (stage metrics-server) failed: metrics-server: Deployment is invalid. Latest warning: FailedCreate: quota exceeded for flavor.",
    );
  });

  it("falls back to the Available condition, and calls a settled cluster ready (v1beta1 Ready too)", () => {
    const pending = objectsOfCluster(cluster, { machines: [cp, w1, { ...w2, status: w1.status }] });
    expect(verdictText(whyNotReady(pending, readinessOf(pending), []))).toBe(
      "Not ready: WorkersAvailable: 1 available replicas, at least 2 required.",
    );
    const v1: Cluster = {
      ...cluster,
      apiVersion: "cluster.x-k8s.io/v1beta1",
      status: { phase: "Provisioned", conditions: [{ type: "Ready", status: "True", severity: "" }] },
    };
    const done = objectsOfCluster(v1, { machines: [cp, w1, { ...w2, status: w1.status }] });
    const settled = whyNotReady(done, readinessOf(done), []);
    expect({ ...settled, text: verdictText(settled) }).toEqual({
      ready: true,
      text: "Ready: 3 of 3 machines ready.",
      // The same sentence for pages to say in the reader's language.
      lead: { key: "ready", values: { ready: 3, desired: 3 } },
      parts: [],
      warning: null,
    });
  });
});

describe("stackReleaseOf", () => {
  it("splits an SCS class name into stack and release", () => {
    expect(stackReleaseOf("openstack-scs-1-33-v2")).toEqual({ stack: "openstack-scs-1-33", release: "v2" });
    expect(stackReleaseOf("my-class")).toBeNull();
  });
});
