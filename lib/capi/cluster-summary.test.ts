import { describe, expect, it } from "vitest";
import type { Cluster } from "../k8s/types.ts";
import { summarizeCluster } from "./cluster-summary.ts";

const base: Cluster = {
  apiVersion: "cluster.x-k8s.io/v1beta2",
  kind: "Cluster",
  metadata: { name: "web", namespace: "team-a", uid: "u1", creationTimestamp: "2026-11-24T10:00:00Z" },
  spec: {
    topology: {
      classRef: { name: "inmemory-scs-1-35-v1" },
      version: "v1.35.3",
      controlPlane: { replicas: 3 },
      workers: {
        machineDeployments: [
          { class: "default-worker", name: "md-0", replicas: 2 },
          { class: "default-worker", name: "md-1", replicas: 4 },
        ],
      },
    },
  },
};

describe("summarizeCluster", () => {
  it("takes desired counts from the topology while the controllers have not reported yet", () => {
    const s = summarizeCluster(base);
    expect(s).toMatchObject({
      name: "web",
      className: "inmemory-scs-1-35-v1",
      version: "v1.35.3",
      phase: "Pending",
      controlPlane: { ready: 0, desired: 3 },
      workers: { ready: 0, desired: 6 },
      problem: null,
    });
  });

  it("reads v1beta2 replica counts and explains an unavailable cluster", () => {
    const s = summarizeCluster({
      ...base,
      status: {
        phase: "Provisioned",
        controlPlane: { desiredReplicas: 3, readyReplicas: 2 },
        workers: { desiredReplicas: 6, readyReplicas: 5 },
        conditions: [
          {
            type: "Available",
            status: "False",
            reason: "NotAvailable",
            message: "* WorkersAvailable: 1 of 6 not ready",
          },
        ],
      },
    });
    expect(s.controlPlane).toEqual({ ready: 2, desired: 3 });
    expect(s.workers).toEqual({ ready: 5, desired: 6 });
    expect(s.problem).toBe("* WorkersAvailable: 1 of 6 not ready");
  });

  it("falls back to the v1beta1 Ready condition and marks deletion", () => {
    const s = summarizeCluster({
      ...base,
      metadata: { ...base.metadata, deletionTimestamp: "2026-11-24T11:00:00Z" },
      status: {
        phase: "Deleting",
        deprecated: { v1beta1: { conditions: [{ type: "Ready", status: "False", reason: "Deleting" }] } },
      },
    });
    expect(s.phase).toBe("Deleting");
    expect(s.deleting).toBe(true);
    expect(s.problem).toBe("Deleting");
  });
});
