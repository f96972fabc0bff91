import "server-only";
import { isNotFound } from "@/lib/k8s/errors.ts";
import type { KubeIdentity } from "@/lib/k8s/identity.ts";
import { CLUSTER_COUNT, CLUSTER_QUOTA, CONSOLE_LABELS } from "@/lib/k8s/names.ts";
import {
  applyResourceQuotaAs,
  deleteResourceQuotaAs,
  listResourceQuotasAs,
  type ResourceQuotaLike,
  readResourceQuotaAs,
} from "@/lib/k8s/quotas.ts";
import { logger } from "@/lib/logger.ts";

/**
 * A team's cluster quota: the `kaas-clusters` ResourceQuota on Cluster API Clusters in its
 * namespace, which kube-apiserver enforces on create. (The node quota is the team row's
 * `maxWorkerNodes`, checked by the console before create and scale.)
 */

/** Clusters used / allowed by the team's quota; null when the namespace has none (unlimited). */
export type ClusterQuota = { used: number | null; hard: number } | null;

/** A team's cluster quota as the platform admins' overview lists it (from its spec, not status). */
export type ClusterQuotaUse = { used: number | null; hard: number | null };

const num = (v: string | undefined) => (v === undefined ? null : Number(v));

const readClusterQuota = (identity: KubeIdentity, namespace: string): Promise<ResourceQuotaLike> =>
  readResourceQuotaAs(identity, namespace, CLUSTER_QUOTA);

/** The team's cluster quota, read as the user (every team role may read quotas). */
export async function clusterQuotaAs(identity: KubeIdentity, namespace: string): Promise<ClusterQuota> {
  try {
    const q = await readClusterQuota(identity, namespace);
    const hard = q.status?.hard?.[CLUSTER_COUNT] ?? q.spec?.hard?.[CLUSTER_COUNT];
    if (hard === undefined) return null;
    return { hard: Number(hard), used: num(q.status?.used?.[CLUSTER_COUNT]) };
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/** Every team's cluster quota use, by namespace, in one call. */
export async function listClusterQuotas(identity: KubeIdentity): Promise<Map<string, ClusterQuotaUse>> {
  const list = await listResourceQuotasAs(identity, CLUSTER_QUOTA);
  return new Map(
    list.map((q) => [
      q.metadata?.namespace ?? "",
      { used: num(q.status?.used?.[CLUSTER_COUNT]), hard: num(q.spec?.hard?.[CLUSTER_COUNT]) },
    ]),
  );
}

/** Sets the team's cluster quota (`null`: no quota); see {@link waitClusterQuota}. */
export async function applyClusterQuota(
  identity: KubeIdentity,
  namespace: string,
  maxClusters: number | null,
): Promise<void> {
  if (maxClusters === null) {
    await deleteResourceQuotaAs(identity, namespace, CLUSTER_QUOTA).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
    return;
  }
  await applyResourceQuotaAs(identity, namespace, {
    name: CLUSTER_QUOTA,
    labels: CONSOLE_LABELS,
    hard: { [CLUSTER_COUNT]: String(maxClusters) },
  });
}

/**
 * Waits until quota admission enforces the cluster quota `maxClusters`: until
 * kube-controller-manager has computed a new quota's status, every create is refused. Answers
 * whether it did within `timeoutMs`; a quota that cannot be read answers false (logged) rather
 * than throwing, because the change it follows is made and audited already, and must not be
 * reported as failed. Call it outside a database transaction: it can take seconds.
 */
export async function waitClusterQuota(
  identity: KubeIdentity,
  namespace: string,
  maxClusters: number | null,
  timeoutMs = 30_000,
): Promise<boolean> {
  if (maxClusters === null) return true;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let q: ResourceQuotaLike;
    try {
      q = await readClusterQuota(identity, namespace);
    } catch (err) {
      logger.warn(
        { event: "team.quota.wait", namespace, err: (err as Error).message },
        "reading the cluster quota failed",
      );
      return false;
    }
    if (
      q.status?.hard?.[CLUSTER_COUNT] === String(maxClusters) &&
      q.status.used?.[CLUSTER_COUNT] !== undefined
    )
      return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 250));
  }
}
