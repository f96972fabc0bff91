import "server-only";
import type { ClusterClassObject } from "../capi/class-catalog.ts";
import { listClusterClasses } from "./clusters.ts";
import { KubeError } from "./errors.ts";
import { accessReviewer, HUB_KINDS, watchHub } from "./hub/index.ts";
import type { KubeIdentity } from "./identity.ts";

/**
 * The ClusterClasses of a team namespace from the watch hub once it is synced, after a (cached)
 * SubjectAccessReview of the user; before that, straight from the API server as the user. The
 * same access path as `teamClusters`, for pages that read every team's classes at once.
 */
export async function teamClusterClasses(
  identity: KubeIdentity,
  namespace: string,
): Promise<ClusterClassObject[]> {
  const hub = watchHub();
  const cached = hub.isTeamNamespace(namespace) ? hub.list("clusterClasses", namespace) : undefined;
  if (!cached) return listClusterClasses(identity, namespace);
  if (!(await accessReviewer().mayList(identity, HUB_KINDS.clusterClasses, namespace))) {
    throw new KubeError(403, "Forbidden", "clusterclasses are forbidden in this namespace");
  }
  return cached.map((o) => JSON.parse(o.json) as ClusterClassObject);
}
