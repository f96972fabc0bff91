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

function conditionsOf(cluster: Cluster): Condition[] {
  return cluster.status?.conditions ?? cluster.status?.deprecated?.v1beta1?.conditions ?? [];
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
