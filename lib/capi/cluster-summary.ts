import type { ConditionedStatus } from "../k8s/status-types.ts";
import type { Cluster, Condition } from "../k8s/types.ts";

/** One row of a cluster list: what a team member scans for at a glance. */
export type ClusterSummary = {
  uid: string;
  name: string;
  namespace: string;
  className: string;
  version: string;
  phase: string;
  controlPlane: { ready: number; desired: number };
  workers: { ready: number; desired: number };
  createdAt: string | null;
  deleting: boolean;
  /** Short reason why the cluster is not available yet, if any. */
  problem: string | null;
};

/**
 * The conditions of any Cluster API object in the v1beta2 shape where it has them: a v1beta2
 * object's `status.conditions`, a v1beta1 object's transitional `status.v1beta2.conditions`, and
 * otherwise whatever (older, v1beta1-shaped) conditions it carries.
 */
export function conditionsOf(obj: { status?: ConditionedStatus } | undefined): Condition[] {
  const st = obj?.status;
  const list = st?.v1beta2?.conditions ?? st?.conditions ?? st?.deprecated?.v1beta1?.conditions;
  return Array.isArray(list) ? list.filter((c) => c && typeof c.type === "string") : [];
}

/** The API server URL of a cluster, once Cluster API has assigned its endpoint. */
export function clusterEndpoint(cluster: Cluster): string | null {
  const ep = cluster.spec.controlPlaneEndpoint;
  return ep?.host ? `https://${ep.host.includes(":") ? `[${ep.host}]` : ep.host}:${ep.port ?? 6443}` : null;
}

/** Summarizes a Cluster read from the API server (v1beta2 status, with v1beta1 fallbacks). */
export function summarizeCluster(cluster: Cluster): ClusterSummary {
  const t = cluster.spec.topology;
  const workersDesired =
    cluster.status?.workers?.desiredReplicas ??
    (t?.workers?.machineDeployments ?? []).reduce((n, md) => n + (md.replicas ?? 0), 0);
  const available = conditionsOf(cluster).find((c) => c.type === "Available" || c.type === "Ready");
  return {
    uid: cluster.metadata.uid ?? `${cluster.metadata.namespace}/${cluster.metadata.name}`,
    name: cluster.metadata.name,
    namespace: cluster.metadata.namespace ?? "",
    className: t?.classRef.name ?? "",
    version: t?.version ?? "",
    phase: cluster.metadata.deletionTimestamp ? "Deleting" : (cluster.status?.phase ?? "Pending"),
    controlPlane: {
      ready: cluster.status?.controlPlane?.readyReplicas ?? 0,
      desired: cluster.status?.controlPlane?.desiredReplicas ?? t?.controlPlane?.replicas ?? 0,
    },
    workers: { ready: cluster.status?.workers?.readyReplicas ?? 0, desired: workersDesired },
    createdAt: cluster.metadata.creationTimestamp ?? null,
    deleting: !!cluster.metadata.deletionTimestamp,
    problem: available && available.status !== "True" ? available.message || available.reason || null : null,
  };
}

/** How the catalog words a condition's status (`timeline.condition.*`): "Ready is true". */
export function conditionWord(status: string): "true" | "false" | "unknown" {
  return status === "True" ? "true" : status === "False" ? "false" : "unknown";
}
