import { describe, expect, it } from "vitest";
import type { TimelineEntry, TimelineLevel } from "./timeline.ts";
import { groupTimeline } from "./timeline-steps.ts";

let n = 0;
function cond(
  kind: string,
  name: string,
  type: string,
  status: string,
  at: string,
  opts: { role?: TimelineEntry["role"]; level?: TimelineLevel } = {},
): TimelineEntry {
  const activity = ["RollingOut", "ScalingUp", "ScalingDown", "Deleting", "Paused", "Updating"].includes(
    type,
  );
  const good = activity ? status !== "True" : status === "True";
  return {
    id: `c${n++}`,
    at: `2026-11-24T10:${at}Z`,
    source: `${kind} ${name}`,
    origin: "condition",
    level: opts.level ?? (good ? "ok" : activity ? "info" : "warning"),
    title: `${type} ${status}`,
    reason: null,
    message: "",
    count: 1,
    kind,
    name,
    role: opts.role ?? null,
    condition: { type, status },
  };
}

function event(
  kind: string,
  name: string,
  reason: string,
  at: string,
  warning = false,
  role: TimelineEntry["role"] = null,
): TimelineEntry {
  return {
    id: `e${n++}`,
    at: `2026-11-24T10:${at}Z`,
    source: `${kind} ${name}`,
    origin: "event",
    level: warning ? "warning" : "info",
    title: reason,
    reason,
    message: "",
    count: 1,
    kind,
    name,
    role,
    condition: null,
  };
}

const newestFirst = (rows: TimelineEntry[]) =>
  [...rows].sort((a, b) => Date.parse(b.at ?? "") - Date.parse(a.at ?? ""));

/** A two-machine cluster that came up in a minute: over a dozen rows, five steps. */
const provisioned = newestFirst([
  cond("Cluster", "web", "InfrastructureReady", "True", "00:05"),
  cond("DevCluster", "web-x", "Ready", "True", "00:04"),
  cond("Cluster", "web", "ControlPlaneInitialized", "True", "00:30"),
  cond("KubeadmControlPlane", "web-cp", "Initialized", "True", "00:29", { role: "control-plane" }),
  cond("KubeadmControlPlane", "web-cp", "CertificatesAvailable", "True", "00:08", { role: "control-plane" }),
  cond("KubeadmControlPlane", "web-cp", "Available", "True", "00:35", { role: "control-plane" }),
  cond("Machine", "web-cp-1", "Ready", "True", "00:33", { role: "control-plane" }),
  cond("Cluster", "web", "ControlPlaneAvailable", "True", "00:36"),
  cond("MachineDeployment", "web-md-0", "Available", "True", "00:55", { role: "workers" }),
  cond("Machine", "web-md-0-a", "Ready", "True", "00:50", { role: "workers" }),
  event("MachineSet", "web-md-0-abc", "SuccessfulCreate", "00:31", false, "workers"),
  cond("Cluster", "web", "WorkersAvailable", "True", "00:56"),
  cond("Cluster", "web", "Available", "True", "01:00"),
  cond("Cluster", "web", "RollingOut", "False", "00:06"),
]);

describe("groupTimeline", () => {
  it("tells a provisioning as the steps a person recognises, in order, each with start, end and duration", () => {
    const steps = groupTimeline(provisioned, { deletingSince: null, workers: { ready: 1, desired: 1 } });
    expect(steps.map((s) => s.kind)).toEqual([
      "infrastructure",
      "control-plane-initialised",
      "control-plane-available",
      "workers",
      "ready",
    ]);
    expect(steps.every((s) => s.outcome === "done" && !s.problem)).toBe(true);
    const workers = steps.find((s) => s.kind === "workers");
    expect(workers).toMatchObject({
      start: "2026-11-24T10:00:31Z",
      end: "2026-11-24T10:00:56Z",
      durationMs: 25_000,
      machines: { ready: 1, desired: 1 },
    });
    // A quiet "not rolling out" from the cluster's creation does not move the ready step's start.
    expect(steps.find((s) => s.kind === "ready")).toMatchObject({
      start: "2026-11-24T10:01:00Z",
      durationMs: null,
    });
    // Every row is under exactly one step, newest first within it.
    expect(steps.reduce((k, s) => k + s.entries.length, 0)).toBe(provisioned.length);
    for (const s of steps) expect(s.entries).toEqual(newestFirst(s.entries));
  });

  it("puts a failing step first, with its errors counted, and leaves it without an end", () => {
    const rows = newestFirst([
      ...provisioned,
      cond("ClusterAddon", "cluster-addon-web", "HelmChartApplied", "False", "02:00", { level: "error" }),
    ]);
    const steps = groupTimeline(rows, { deletingSince: null });
    expect(steps[0]).toMatchObject({
      kind: "addons",
      outcome: "failed",
      problem: true,
      errors: 1,
      end: null,
    });
    expect(steps[0]?.durationMs).toBeNull();
  });

  it("calls a pool still waiting for machines in progress, a problem when a warning came with it", () => {
    const rows = newestFirst([
      cond("Cluster", "web", "InfrastructureReady", "True", "00:05"),
      cond("Cluster", "web", "Available", "False", "00:06"),
      cond("Machine", "web-md-0-b", "Ready", "False", "00:40", { role: "workers" }),
      event("Machine", "web-md-0-b", "FailedCreate", "00:45", true, "workers"),
    ]);
    const steps = groupTimeline(rows, { deletingSince: null, workers: { ready: 1, desired: 2 } });
    expect(steps[0]).toMatchObject({
      kind: "workers",
      outcome: "in-progress",
      problem: true,
      warnings: 2,
      machines: { ready: 1, desired: 2 },
    });
    expect(steps.find((s) => s.kind === "ready")).toMatchObject({ outcome: "in-progress", problem: false });
  });

  it("counts machines made after the cluster was up as scaling, or upgrading while a rollout runs", () => {
    const scale = newestFirst([
      ...provisioned,
      event("MachineSet", "web-md-0-abc", "SuccessfulCreate", "05:00", false, "workers"),
      cond("MachineDeployment", "web-md-0", "ScalingUp", "True", "05:00", { role: "workers" }),
    ]);
    const steps = groupTimeline(scale, { deletingSince: null });
    const scaling = steps.find((s) => s.kind === "scaling");
    expect(scaling?.entries.map((e) => e.title)).toEqual(["SuccessfulCreate", "ScalingUp True"]);
    expect(scaling?.outcome).toBe("in-progress");
    // The first machines, made while the cluster came up, stay under "workers".
    expect(steps.find((s) => s.kind === "workers")?.entries.some((e) => e.title === "SuccessfulCreate")).toBe(
      true,
    );

    const upgrade = newestFirst([
      ...provisioned,
      cond("KubeadmControlPlane", "web-cp", "RollingOut", "True", "05:00", { role: "control-plane" }),
      cond("Machine", "web-cp-1", "UpToDate", "False", "05:01", { role: "control-plane" }),
      event("KubeadmControlPlane", "web-cp", "SuccessfulCreate", "05:02", false, "control-plane"),
    ]);
    const up = groupTimeline(upgrade, { deletingSince: null }).find((s) => s.kind === "upgrading");
    expect(up?.entries).toHaveLength(3);
    expect(up?.outcome).toBe("in-progress");
  });

  it("gathers everything from the deletion on under deleting, in progress", () => {
    const rows = newestFirst([
      ...provisioned,
      cond("Cluster", "web", "Deleting", "True", "09:00"),
      event("Machine", "web-md-0-a", "MachineDeleted", "09:10", false, "workers"),
    ]);
    const steps = groupTimeline(rows, { deletingSince: "2026-11-24T10:09:00Z" });
    const del = steps.find((s) => s.kind === "deleting");
    expect(del).toMatchObject({ outcome: "in-progress", start: "2026-11-24T10:09:00Z", end: null });
    expect(del?.entries).toHaveLength(2);
  });

  it("does not stretch a step back to a transition from before its object existed", () => {
    // After a management plane restart the control plane was made again with its old status: its
    // Available transition predates the object. The step began when the object was made.
    const restarted = newestFirst([
      {
        ...cond("KubeadmControlPlane", "web-cp", "Available", "True", "00:35", { role: "control-plane" }),
        at: "2026-11-24T05:00:00Z",
        created: "2026-11-24T10:10:00Z",
      },
      {
        ...cond("Machine", "web-cp-2", "Ready", "True", "14:00", { role: "control-plane" }),
        created: "2026-11-24T10:11:00Z",
      },
    ]);
    const step = groupTimeline(restarted, { deletingSince: null }).find(
      (s) => s.kind === "control-plane-available",
    );
    expect(step).toMatchObject({
      start: "2026-11-24T10:10:00Z",
      end: "2026-11-24T10:14:00Z",
      durationMs: 240_000,
    });
  });

  it("has no steps for no rows", () => {
    expect(groupTimeline([], { deletingSince: null })).toEqual([]);
  });
});
