import "server-only";
import { apisAs } from "./client.ts";
import { KubeError, kubeCall } from "./errors.ts";
import { accessReviewer, HUB_KINDS, watchHub } from "./hub/index.ts";
import type { KubeIdentity } from "./identity.ts";
import { RESOURCES } from "./resources.ts";
import type { Cluster, KubeList } from "./types.ts";

/** Lists the Clusters of a namespace as the user; the API server decides whether they may. */
export async function listClusters(identity: KubeIdentity, namespace: string): Promise<Cluster[]> {
  const r = RESOURCES.clusters;
  const list = await kubeCall(
    () =>
      apisAs(identity).custom.listNamespacedCustomObject({
        group: r.group,
        version: r.version,
        namespace,
        plural: r.plural,
      }) as Promise<KubeList<Cluster>>,
  );
  return list.items;
}

/**
 * The Clusters of a team namespace from the watch hub once it is synced, after a (cached)
 * SubjectAccessReview of the user; before that, straight from the API server as the user. Never
 * an empty list from a cache that is still filling.
 */
export async function teamClusters(identity: KubeIdentity, namespace: string): Promise<Cluster[]> {
  const hub = watchHub();
  const cached = hub.isTeamNamespace(namespace) ? hub.list("clusters", namespace) : undefined;
  if (!cached) return listClusters(identity, namespace);
  if (!(await accessReviewer().mayList(identity, HUB_KINDS.clusters, namespace))) {
    throw new KubeError(403, "Forbidden", "clusters are forbidden in this namespace");
  }
  return cached.map((o) => JSON.parse(o.json) as Cluster);
}
