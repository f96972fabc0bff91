import "server-only";
import { apisAs } from "./client.ts";
import { KubeError, kubeCall } from "./errors.ts";
import type { KubeIdentity } from "./identity.ts";
import { CLUSTER_COUNT, CLUSTER_QUOTA } from "./names.ts";

/** Clusters used / allowed by the team's quota; null when the namespace has none (unlimited). */
export type ClusterQuota = { used: number | null; hard: number } | null;

/** The team's cluster quota, read as the user (every team role may read quotas). */
export async function clusterQuotaAs(identity: KubeIdentity, namespace: string): Promise<ClusterQuota> {
  try {
    const q = await kubeCall(() =>
      apisAs(identity).core.readNamespacedResourceQuota({ name: CLUSTER_QUOTA, namespace }),
    );
    const hard = q.status?.hard?.[CLUSTER_COUNT] ?? q.spec?.hard?.[CLUSTER_COUNT];
    if (hard === undefined) return null;
    const used = q.status?.used?.[CLUSTER_COUNT];
    return { hard: Number(hard), used: used === undefined ? null : Number(used) };
  } catch (err) {
    if (err instanceof KubeError && err.status === 404) return null;
    throw err;
  }
}
