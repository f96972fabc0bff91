import { describe, expect, it } from "vitest";
import type { Cluster, Condition } from "../k8s/types.ts";
import { clusterHealth, clusterStatusRow, countByHealth, healthWithAddons } from "./cluster-health.ts";

const T0 = "2026-11-24T10:00:00Z";
const T1 = "2026-11-24T11:00:00Z";
const T2 = "2026-11-24T12:00:00Z";

function cluster(status: Cluster["status"], meta: Partial<Cluster["metadata"]> = {}): Cluster {
  return {
    apiVersion: "cluster.x-k8s.io/v1beta2",
    kind: "Cluster",
    metadata: { name: "web", namespace: "team-a", uid: "u1", creationTimestamp: T0, ...meta },
    spec: { topology: { classRef: { name: "inmemory-scs-1-35-v1" }, version: "v1.35.3" } },
    status,
  };
}

const cond = (type: string, status: Condition["status"], extra: Partial<Condition> = {}): Condition => ({
  type,
  status,
  reason: extra.reason ?? type,
  lastTransitionTime: extra.lastTransitionTime ?? T1,
  ...extra,
});

describe("clusterHealth", () => {
  it("is ready when Available is True, since that condition turned True", () => {
    const h = clusterHealth(
      cluster({ phase: "Provisioned", conditions: [cond("Available", "True", { lastTransitionTime: T2 })] }),
    );
    expect(h).toEqual({ health: "ready", since: T2, reason: null });
  });

  it("is progressing while it comes up, from creation when Available has no time yet", () => {
    const h = clusterHealth(
      cluster({
        phase: "Provisioning",
        conditions: [
          {
            type: "Available",
            status: "False",
            reason: "NotAvailable",
            message: "Control plane not yet initialized",
          },
          cond("ControlPlaneInitialized", "False"),
        ],
      }),
    );
    expect(h).toEqual({ health: "progressing", since: T0, reason: "Control plane not yet initialized" });
  });

  it("is progressing, not failing, while a running cluster rolls out or scales", () => {
    for (const activity of ["RollingOut", "ScalingUp", "ScalingDown", "Remediating"]) {
      const h = clusterHealth(
        cluster({
          phase: "Provisioned",
          conditions: [
            cond("Available", "False", { message: "upgrading" }),
            cond("ControlPlaneInitialized", "True"),
            cond(activity, "True"),
          ],
        }),
      );
      expect(h.health, activity).toBe("progressing");
    }
  });

  it("is failing when a cluster that had come up is not available and nothing is moving", () => {
    const h = clusterHealth(
      cluster({
        phase: "Provisioned",
        conditions: [
          cond("Available", "False", {
            message: "ControlPlaneAvailable: no healthy etcd member",
            lastTransitionTime: T2,
          }),
          cond("ControlPlaneInitialized", "True"),
          cond("RollingOut", "False"),
        ],
      }),
    );
    expect(h).toEqual({
      health: "failing",
      since: T2,
      reason: "ControlPlaneAvailable: no healthy etcd member",
    });
  });

  it("is failing when the control plane does not answer, since the probe failed", () => {
    const h = clusterHealth(
      cluster({
        phase: "Provisioned",
        conditions: [
          cond("Available", "False", { lastTransitionTime: T1 }),
          cond("RemoteConnectionProbe", "False", { message: "probe timed out", lastTransitionTime: T2 }),
          cond("RollingOut", "True"),
        ],
      }),
    );
    expect(h).toEqual({ health: "failing", since: T2, reason: "probe timed out" });
  });

  it("is failing in phase Failed and on a v1beta1 condition of severity Error", () => {
    expect(clusterHealth(cluster({ phase: "Failed" }))).toEqual({
      health: "failing",
      since: null,
      reason: "The cluster is in phase Failed",
    });
    const h = clusterHealth(
      cluster({
        phase: "Provisioning",
        deprecated: {
          v1beta1: {
            conditions: [
              cond("Ready", "False", { severity: "Warning" }),
              cond("InfrastructureReady", "False", {
                severity: "Error",
                message: "quota exceeded",
                lastTransitionTime: T2,
              }),
            ],
          },
        },
      }),
    );
    expect(h).toEqual({ health: "failing", since: T2, reason: "InfrastructureReady: quota exceeded" });
  });

  it("reads the v1beta1 Ready condition when no v1beta2 Available is reported", () => {
    const h = clusterHealth(
      cluster({ phase: "Provisioned", deprecated: { v1beta1: { conditions: [cond("Ready", "True")] } } }),
    );
    expect(h).toEqual({ health: "ready", since: T1, reason: null });
  });

  it("falls back to the phase when there are no conditions, and a deleting cluster is progressing", () => {
    expect(clusterHealth(cluster({ phase: "Provisioned" })).health).toBe("ready");
    expect(clusterHealth(cluster({ phase: "Pending" }))).toEqual({
      health: "progressing",
      since: T0,
      reason: "Pending",
    });
    expect(clusterHealth(cluster(undefined))).toEqual({
      health: "progressing",
      since: T0,
      reason: "Pending",
    });
    expect(
      clusterHealth(
        cluster({ phase: "Provisioned", conditions: [cond("Available", "True")] }, { deletionTimestamp: T2 }),
      ),
    ).toEqual({ health: "progressing", since: T2, reason: "Deleting" });
  });
});

describe("clusterStatusRow and countByHealth", () => {
  it("joins the summary with the health and counts rows per state", () => {
    const row = clusterStatusRow(cluster({ phase: "Provisioned", conditions: [cond("Available", "True")] }));
    expect(row).toMatchObject({
      name: "web",
      namespace: "team-a",
      version: "v1.35.3",
      health: "ready",
      since: T1,
    });
    expect(countByHealth([row, { health: "failing" }, { health: "failing" }])).toEqual({
      ready: 1,
      degraded: 0,
      progressing: 0,
      failing: 2,
    });
  });

  it("a ready cluster with a failed add-on is degraded, with the add-on's words; other states stay", () => {
    const ready = cluster({ phase: "Provisioned", conditions: [cond("Available", "True")] });
    const failed = [{ name: "traefik", message: "Helm install or upgrade failed: timed out", since: T2 }];
    expect(clusterStatusRow(ready, failed)).toMatchObject({
      health: "degraded",
      since: T2,
      reason: "Add-on traefik failed: Helm install or upgrade failed: timed out",
      addonProblems: ["traefik"],
    });
    const provisioning = cluster({ phase: "Provisioning", conditions: [cond("Available", "False")] });
    expect(clusterStatusRow(provisioning, failed).health).toBe("progressing");
    expect(healthWithAddons({ health: "failing", since: null, reason: "x" }, failed).health).toBe("failing");
  });
});
