import type { Cluster, Condition } from "../k8s/types.ts";
import { type ClusterSummary, summarizeCluster } from "./cluster-summary.ts";

/**
 * The states the status wall sorts every cluster into. `degraded`: the cluster itself is ready but
 * an add-on of it failed (its workloads may lack ingress or certificates, the cluster still runs).
 */
export type ClusterHealth = "ready" | "degraded" | "progressing" | "failing";

export const CLUSTER_HEALTHS: readonly ClusterHealth[] = ["ready", "degraded", "progressing", "failing"];

/** A failed add-on as cluster health needs it: its name, its words and since when. */
export type AddonProblem = { name: string; message: string | null; since: string | null };

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
 * The console's own reasons, where the controllers give none: pages say these in the reader's
 * language (any other reason is the controllers' words, shown as they come).
 */
export const HEALTH_REASONS = {
  deleting: "Deleting",
  phaseFailed: "The cluster is in phase Failed",
  noAnswer: "The control plane does not answer",
  notAvailable: "Not available",
  pending: "Pending",
} as const;

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
    return {
      health: "progressing",
      since: cluster.metadata.deletionTimestamp,
      reason: HEALTH_REASONS.deleting,
    };
  }
  if (cluster.status?.phase === "Failed") {
    return {
      health: "failing",
      since: availableSince,
      reason:
        (available && available.status !== "True" ? words(available) : null) ?? HEALTH_REASONS.phaseFailed,
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
      reason: words(probe) ?? HEALTH_REASONS.noAnswer,
    };
  }
  if (available) {
    const initialized = find(v2, "ControlPlaneInitialized")?.status === "True";
    const moving = ACTIVITY.some((t) => find(v2, t)?.status === "True");
    if (initialized && !moving) {
      return {
        health: "failing",
        since: availableSince,
        reason: words(available) ?? HEALTH_REASONS.notAvailable,
      };
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
    reason: cluster.status?.phase ?? HEALTH_REASONS.pending,
  };
}

/**
 * A cluster's health with its add-ons: a ready cluster with a failed add-on is `degraded` (the
 * add-on's words as the reason); other states stay what the cluster's own conditions say, since the
 * cluster's own trouble comes first.
 */
export function healthWithAddons(base: HealthState, failed: readonly AddonProblem[]): HealthState {
  if (base.health !== "ready" || failed.length === 0) return base;
  const since =
    failed
      .map((f) => f.since)
      .filter((t): t is string => !!t)
      .sort()
      .at(-1) ?? null;
  return {
    health: "degraded",
    since,
    reason: failed.map((f) => `Add-on ${f.name} failed${f.message ? `: ${f.message}` : ""}`).join("\n"),
  };
}

/** A status wall row with its add-on problems (failed add-ons, by name). */
export type ClusterStatusRowWithAddons = ClusterStatusRow & { addonProblems: string[] };

/** A Cluster as a status wall row; `failed` are its failed add-ons, if known. */
export function clusterStatusRow(
  cluster: Cluster,
  failed: readonly AddonProblem[] = [],
): ClusterStatusRowWithAddons {
  return {
    ...summarizeCluster(cluster),
    ...healthWithAddons(clusterHealth(cluster), failed),
    addonProblems: failed.map((f) => f.name),
  };
}

/** How many rows are in each health state. */
export function countByHealth(rows: readonly { health: ClusterHealth }[]): Record<ClusterHealth, number> {
  const out: Record<ClusterHealth, number> = { ready: 0, degraded: 0, progressing: 0, failing: 0 };
  for (const r of rows) out[r.health]++;
  return out;
}
