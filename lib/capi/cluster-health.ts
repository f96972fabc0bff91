import type { Cluster, Condition } from "../k8s/types.ts";
import { type ClusterSummary, summarizeCluster } from "./cluster-summary.ts";

/** The three states the status wall sorts every cluster into. */
export type ClusterHealth = "ready" | "progressing" | "failing";

export const CLUSTER_HEALTHS: readonly ClusterHealth[] = ["ready", "progressing", "failing"];

export type HealthState = {
  health: ClusterHealth;
  /** When the cluster entered this state: the deciding condition's lastTransitionTime. */
  since: string | null;
  /** Why, in the controllers' words (untrusted text: render as text only). */
  reason: string | null;
};

/** A status wall row: the list summary plus its health. */
export type ClusterStatusRow = ClusterSummary & HealthState;

/** Conditions that say the cluster is moving towards a new state rather than stuck. */
const ACTIVITY = ["RollingOut", "ScalingUp", "ScalingDown", "Remediating"];

function find(conditions: readonly Condition[], type: string): Condition | undefined {
  return conditions.find((c) => c.type === type);
}

const words = (c: Condition) => c.message || c.reason || null;

/**
 * Derives ready / progressing / failing from a Cluster's phase and conditions (v1beta2, with the
 * v1beta1 `Ready` condition and its severity as fallback):
 * - failing: phase Failed; a v1beta1 condition False with severity Error; the control plane
 *   unreachable (RemoteConnectionProbe False); or not Available after it had come up
 *   (ControlPlaneInitialized) while nothing rolls out, scales or remediates;
 * - ready: Available (v1beta1: Ready) True, or phase Provisioned where no conditions are reported;
 * - progressing: everything on its way: provisioning, upgrading, scaling, deleting.
 */
export function clusterHealth(cluster: Cluster): HealthState {
  const v2 = cluster.status?.conditions ?? [];
  const v1 = cluster.status?.deprecated?.v1beta1?.conditions ?? [];
  const available = find(v2, "Available") ?? find(v1, "Ready") ?? find(v2, "Ready");
  const availableSince = available?.lastTransitionTime ?? null;

  if (cluster.metadata.deletionTimestamp) {
    return { health: "progressing", since: cluster.metadata.deletionTimestamp, reason: "Deleting" };
  }
  if (cluster.status?.phase === "Failed") {
    return {
      health: "failing",
      since: availableSince,
      reason:
        (available && available.status !== "True" ? words(available) : null) ??
        "The cluster is in phase Failed",
    };
  }
  const error = [...v1, ...v2].find((c) => c.status === "False" && c.severity === "Error");
  if (error) {
    return {
      health: "failing",
      since: error.lastTransitionTime ?? null,
      reason: `${error.type}: ${words(error) ?? "error"}`,
    };
  }
  if (available?.status === "True") {
    return { health: "ready", since: availableSince, reason: null };
  }
  const probe = find(v2, "RemoteConnectionProbe");
  if (probe?.status === "False") {
    return {
      health: "failing",
      since: probe.lastTransitionTime ?? null,
      reason: words(probe) ?? "The control plane does not answer",
    };
  }
  if (available) {
    const initialized = find(v2, "ControlPlaneInitialized")?.status === "True";
    const moving = ACTIVITY.some((t) => find(v2, t)?.status === "True");
    if (initialized && !moving) {
      return { health: "failing", since: availableSince, reason: words(available) ?? "Not available" };
    }
    return {
      health: "progressing",
      since: availableSince ?? cluster.metadata.creationTimestamp ?? null,
      reason: words(available),
    };
  }
  // No conditions reported (yet): the phase is all there is.
  if (cluster.status?.phase === "Provisioned") return { health: "ready", since: null, reason: null };
  return {
    health: "progressing",
    since: cluster.metadata.creationTimestamp ?? null,
    reason: cluster.status?.phase ?? "Pending",
  };
}

/** A Cluster as a status wall row. */
export function clusterStatusRow(cluster: Cluster): ClusterStatusRow {
  return { ...summarizeCluster(cluster), ...clusterHealth(cluster) };
}

/** How many rows are in each health state. */
export function countByHealth(rows: readonly { health: ClusterHealth }[]): Record<ClusterHealth, number> {
  const out: Record<ClusterHealth, number> = { ready: 0, progressing: 0, failing: 0 };
  for (const r of rows) out[r.health]++;
  return out;
}
