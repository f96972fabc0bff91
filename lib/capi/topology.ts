/**
 * Topology math of the scale and upgrade changes: the cluster's `spec.topology` as it will be after
 * the change. Pure; the write and its guard are in lib/clusters.
 */
import type { Cluster } from "../k8s/types.ts";
import { type ClassOffer, upgradeTargets } from "./class-catalog.ts";
import { AUTOSCALER_MAX, AUTOSCALER_MIN, poolTopology, type WorkerPoolInput } from "./cluster-manifest.ts";

/**
 * The topology as the scale form leaves it: control plane replicas and the pools the form lists
 * (pools left out are removed). Fields of existing pools the form does not edit (machine health
 * checks, failure domains, other annotations) are kept; labels, taints and autoscaler bounds are
 * the form's.
 */
export function scaledTopology(
  cluster: Cluster,
  controlPlaneReplicas: number,
  pools: WorkerPoolInput[],
): Record<string, unknown> {
  const existing = cluster.spec.topology?.workers?.machineDeployments ?? [];
  const machineDeployments = pools.map((p) => {
    const old = existing.find((md) => md.name === p.name) as Record<string, unknown> | undefined;
    const next = poolTopology(p);
    if (!old) return next;
    const oldMeta = (old.metadata ?? {}) as {
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    const annotations = { ...oldMeta.annotations };
    delete annotations[AUTOSCALER_MIN];
    delete annotations[AUTOSCALER_MAX];
    Object.assign(annotations, next.metadata?.annotations);
    const metadata = { ...oldMeta, labels: next.metadata?.labels ?? {}, annotations };
    const { taints: _oldTaints, ...rest } = old;
    return { ...rest, ...next, metadata };
  });
  return {
    ...cluster.spec.topology,
    controlPlane: { ...cluster.spec.topology?.controlPlane, replicas: controlPlaneReplicas },
    workers: { ...cluster.spec.topology?.workers, machineDeployments },
  };
}

/**
 * The upgrade of a cluster to `target` (a class of the same stack family and a newer version, one
 * minor at a time, see {@link upgradeTargets}), or null when the offers allow no such upgrade.
 */
export function upgradedTopology(
  cluster: Cluster,
  offers: ClassOffer[],
  target: { className: string; version: string },
): Record<string, unknown> | null {
  const t = cluster.spec.topology;
  if (!t) return null;
  const allowed = upgradeTargets(offers, t.classRef.name, t.version);
  if (!allowed.some((a) => a.className === target.className && a.version === target.version)) return null;
  const classRef = { ...t.classRef, name: target.className };
  return { ...t, classRef, version: target.version };
}
