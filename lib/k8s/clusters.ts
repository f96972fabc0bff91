import "server-only";
import { apisAs } from "./client.ts";
import { kubeCall } from "./errors.ts";
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
