import { describe, expect, it } from "vitest";
import type { Cluster } from "../k8s/types.ts";
import type { ClassOffer } from "./class-catalog.ts";
import { AUTOSCALER_MAX, AUTOSCALER_MIN } from "./cluster-manifest.ts";
import { scaledTopology, upgradedTopology } from "./topology.ts";

const cluster = (): Cluster => ({
  apiVersion: "cluster.x-k8s.io/v1beta2",
  kind: "Cluster",
  metadata: { name: "prod", namespace: "team-a" },
  spec: {
    topology: {
      classRef: { name: "openstack-scs-1-35-v1" },
      version: "v1.35.3",
      controlPlane: { replicas: 3 },
      workers: {
        machineDeployments: [
          {
            class: "default-worker",
            name: "md-0",
            replicas: 2,
            metadata: {
              labels: { tier: "web" },
              annotations: { [AUTOSCALER_MIN]: "1", [AUTOSCALER_MAX]: "5", "team.example/owner": "ops" },
            },
            // A field the scale form does not edit: it must survive a scale.
            failureDomain: "az-1",
            taints: [{ key: "old", effect: "NoSchedule", propagation: "Always" }],
          } as never,
          { class: "default-worker", name: "md-1", replicas: 1 },
        ],
      },
      variables: [{ name: "flavor", value: "SCS-4V-8" }],
    },
  },
});

const pool = (over: Partial<Parameters<typeof scaledTopology>[2][number]> = {}) => ({
  name: "md-0",
  class: "default-worker",
  replicas: 4,
  autoscaling: null,
  labels: {},
  taints: [],
  ...over,
});

type Pools = { name: string; replicas: number; metadata?: { labels?: object; annotations?: object } }[];
const pools = (t: Record<string, unknown>) => (t.workers as { machineDeployments: Pools }).machineDeployments;

describe("scaledTopology", () => {
  it("sets the control plane and pool replicas and keeps everything it does not edit", () => {
    const t = scaledTopology(cluster(), 5, [pool(), pool({ name: "md-1", replicas: 3 })]);
    expect(t.controlPlane).toEqual({ replicas: 5 });
    expect(t.version).toBe("v1.35.3");
    expect(t.variables).toEqual([{ name: "flavor", value: "SCS-4V-8" }]);
    const [md0, md1] = pools(t);
    expect(md0).toMatchObject({ name: "md-0", replicas: 4, failureDomain: "az-1" });
    expect(md1).toMatchObject({ name: "md-1", replicas: 3 });
  });

  it("replaces labels, taints and autoscaler bounds with the form's, keeping other annotations", () => {
    const [md0] = pools(
      scaledTopology(cluster(), 3, [pool({ labels: { tier: "api" }, autoscaling: { min: 2, max: 8 } })]),
    );
    expect(md0?.metadata).toEqual({
      labels: { tier: "api" },
      annotations: { "team.example/owner": "ops", [AUTOSCALER_MIN]: "2", [AUTOSCALER_MAX]: "8" },
    });
    expect(md0).not.toHaveProperty("taints");

    // Autoscaling switched off: its bounds go, the other annotation stays.
    const [off] = pools(scaledTopology(cluster(), 3, [pool()]));
    expect(off?.metadata?.annotations).toEqual({ "team.example/owner": "ops" });
  });

  it("removes the pools the form leaves out and adds new ones", () => {
    const t = scaledTopology(cluster(), 3, [pool({ name: "gpu", class: "gpu-worker", replicas: 1 })]);
    expect(pools(t).map((p) => p.name)).toEqual(["gpu"]);
    expect(pools(t)[0]).toEqual({ class: "gpu-worker", name: "gpu", replicas: 1 });
  });

  it("does not change the cluster it was given", () => {
    const c = cluster();
    const before = JSON.stringify(c);
    scaledTopology(c, 1, [pool({ labels: { x: "y" } })]);
    expect(JSON.stringify(c)).toBe(before);
  });
});

describe("upgradedTopology", () => {
  const offer = (name: string, versions: string[]): ClassOffer => ({
    name,
    stack: name.replace(/-v\d+$/, ""),
    release: /v\d+$/.exec(name)?.[0] ?? null,
    versions,
    workerClasses: [],
    variables: [],
    ready: true,
  });
  const offers = [
    offer("openstack-scs-1-35-v1", ["v1.35.3", "v1.35.4"]),
    offer("openstack-scs-1-35-v2", ["v1.35.5"]),
    offer("openstack-scs-1-36-v1", ["v1.36.1"]),
    offer("openstack-scs-1-37-v1", ["v1.37.0"]),
  ];

  it("changes version and class for an allowed upgrade, keeping the rest of the topology", () => {
    const topology = upgradedTopology(cluster(), offers, {
      className: "openstack-scs-1-35-v2",
      version: "v1.35.5",
    });
    expect(topology).toEqual({
      ...cluster().spec.topology,
      classRef: { name: "openstack-scs-1-35-v2" },
      version: "v1.35.5",
    });
    expect(topology).toMatchObject({ controlPlane: { replicas: 3 } });
  });

  it("refuses downgrades, the same version, skipped minors and classes that are not offered", () => {
    const refused = [
      { className: "openstack-scs-1-35-v1", version: "v1.35.3" },
      { className: "openstack-scs-1-37-v1", version: "v1.37.0" },
      { className: "openstack-scs-1-35-v1", version: "v1.34.9" },
      { className: "elsewhere-1-35-v1", version: "v1.35.9" },
    ];
    for (const target of refused) expect(upgradedTopology(cluster(), offers, target)).toBeNull();
  });

  it("allows the next minor", () => {
    expect(
      upgradedTopology(cluster(), offers, { className: "openstack-scs-1-36-v1", version: "v1.36.1" }),
    ).not.toBeNull();
  });
});
