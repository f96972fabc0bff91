import "server-only";
import { getDb } from "@/db/client.ts";
import { listOfferedClasses } from "@/db/queries/teams.ts";
import type { CurrentUser } from "@/lib/auth/session.ts";
import { type ClassOffer, classOffers } from "@/lib/capi/class-catalog.ts";
import { clusterWorkerNodes } from "@/lib/capi/cluster-manifest.ts";
import { filterOffered } from "@/lib/capi/offered.ts";
import { ActionError, says } from "@/lib/errors.ts";
import { listClusterClasses, listClusterStackReleases, listClusters } from "@/lib/k8s/clusters.ts";
import type { TeamMembership } from "@/lib/teams/membership.ts";

/**
 * The classes a team is offered: those in its namespace (read as the user) that a platform admin
 * chose for it, or all of them when none were chosen.
 */
export async function offersFor(user: CurrentUser, team: TeamMembership): Promise<ClassOffer[]> {
  const [classes, releases, offered] = await Promise.all([
    listClusterClasses(user.identity, team.namespace),
    listClusterStackReleases(user.identity, team.namespace),
    listOfferedClasses(getDb(), team.id),
  ]);
  return filterOffered(classOffers(classes, releases), offered);
}

/**
 * Refuses a change that would take the team past its node quota (total worker nodes, counted
 * at autoscaler maxima). `except` is the cluster being changed, whose old size is replaced.
 */
export async function checkNodeQuota(
  user: CurrentUser,
  team: TeamMembership,
  requested: number,
  except?: string,
): Promise<void> {
  const limit = team.maxWorkerNodes;
  if (limit === null || limit === undefined) return;
  const clusters = await listClusters(user.identity, team.namespace);
  const used = clusters
    .filter((c) => c.metadata.name !== except)
    .reduce((n, c) => n + clusterWorkerNodes(c), 0);
  if (used + requested > limit) {
    throw new ActionError(
      says("nodeQuota", { used, limit, requested, others: except ? "yes" : "no" }),
      { workers: says("nodeQuotaField", { used, limit, requested }) },
      { used, limit, requested },
    );
  }
}
