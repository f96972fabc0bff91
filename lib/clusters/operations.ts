import { ActionError } from "@/lib/errors.ts";
import "server-only";
import { getDb } from "@/db/client.ts";
import { listOfferedClasses } from "@/db/queries/team-admin.ts";
import type { TeamMembership } from "@/db/queries/teams.ts";

import type { CurrentUser } from "@/lib/auth/session.ts";
import { type ClassOffer, classOffers } from "@/lib/capi/class-catalog.ts";
import {
  AUTOSCALER_MAX,
  AUTOSCALER_MIN,
  clusterManifest,
  clusterWorkerNodes,
  poolTopology,
  type WorkerPoolInput,
  workerNodes,
} from "@/lib/capi/cluster-manifest.ts";
import { formFieldOf, readableMessage } from "@/lib/capi/field-paths.ts";
import { filterOffered } from "@/lib/capi/offered.ts";
import { topologyFingerprint } from "@/lib/capi/topology-fingerprint.ts";
import { validateVariables } from "@/lib/capi/variables.ts";
import {
  getCluster,
  listClusterClasses,
  listClusterStackReleases,
  listClusters,
} from "@/lib/k8s/clusters.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import type { Cluster } from "@/lib/k8s/types.ts";
import type { CreateClusterInput } from "@/lib/validation/cluster.ts";

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
      `Your team's node quota would be exceeded: ${used} of ${limit} worker nodes are in use${except ? " by other clusters" : ""}, and this needs ${requested}. Use fewer workers, or ask a platform admin to raise the quota.`,
      { workers: `Node quota: ${used} / ${limit} used, ${requested} requested` },
      { used, limit, requested },
    );
  }
}

/**
 * `offers` come from {@link offersFor}, read before any audited transaction opens (it reads the
 * database, and PGlite has a single connection).
 *
 * Checks a create request against what the class offers (class, version, worker classes,
 * variable schemas) and builds its manifest. The API server's dry run checks again.
 */
export async function prepareCreate(
  user: CurrentUser,
  team: TeamMembership,
  input: CreateClusterInput,
  offers: readonly ClassOffer[],
): Promise<{ manifest: Cluster; offer: ClassOffer }> {
  const offer = offers.find((o) => o.name === input.className);
  if (!offer)
    throw new ActionError("Choose one of the cluster classes offered to your team.", {
      className: "Not offered to this team",
    });
  const fields: Record<string, string> = {};
  if (offer.versions.length && !offer.versions.includes(input.version)) {
    fields.version = `This class offers ${offer.versions.join(", ")}`;
  }
  input.workers.forEach((w, i) => {
    if (!offer.workerClasses.some((c) => c.name === w.class))
      fields[`workers.${i}.class`] = "Not a worker class of this cluster class";
  });
  for (const [key, message] of Object.entries(validateVariables(offer.variables, input.variables))) {
    fields[`variables.${key}`] = message;
  }
  if (Object.keys(fields).length) throw new ActionError("Some fields need your attention.", fields);
  await checkNodeQuota(user, team, workerNodes(input.workers));
  return { manifest: clusterManifest(team.namespace, input), offer };
}

/**
 * Turns the API server's field errors (`spec.topology.variables[2].value.x`) into form fields
 * (`variables.<name>.x`), using the manifest to name variables by index. Other errors pass.
 */
export function toFieldErrors(err: unknown, manifest: Cluster): unknown {
  if (!(err instanceof KubeError) || (err.status !== 422 && err.status !== 400)) return err;
  const causes =
    (err.details as { causes?: { field?: string; message?: string }[] } | undefined)?.causes ?? [];
  const fields: Record<string, string> = {};
  for (const c of causes) {
    const key = formFieldOf(c.field ?? "", manifest);
    if (key && c.message) fields[key] ??= readableMessage(c.message);
  }
  if (!Object.keys(fields).length) return err;
  return new ActionError("The management cluster refused this: see the marked fields.", fields);
}

/**
 * Loads a cluster for a change and refuses when its topology changed since the user loaded it
 * (`base` is the fingerprint they saw). Status updates and fields controllers fill in do not count.
 */
export async function loadForChange(
  user: CurrentUser,
  team: TeamMembership,
  name: string,
  base: string,
): Promise<Cluster> {
  const cluster = await getCluster(user.identity, team.namespace, name);
  if (cluster.metadata.deletionTimestamp) throw new ActionError("This cluster is being deleted.");
  if (!cluster.spec.topology)
    throw new ActionError(
      "This cluster is not managed through a cluster class, so the console cannot change it.",
    );
  if (topologyFingerprint(cluster.spec.topology) !== base) {
    throw new ActionError(
      "This cluster changed since you loaded it. Reload to see the current state, then try again.",
    );
  }
  return cluster;
}

/**
 * Applies a change computed from the cluster as it is now, with that read's resourceVersion as
 * precondition: a write by anyone in between answers 409, and the change is recomputed from a
 * fresh read (at most three times) unless that read shows a different topology, which is
 * reported as a conflict.
 */
export async function changeWithGuard<T>(
  user: CurrentUser,
  team: TeamMembership,
  name: string,
  base: string,
  change: (cluster: Cluster, resourceVersion: string) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const cluster = await loadForChange(user, team, name, base);
    try {
      return await change(cluster, cluster.metadata.resourceVersion ?? "");
    } catch (err) {
      if (err instanceof KubeError && err.status === 409 && attempt < 3) continue;
      throw err;
    }
  }
}

/** The topology as the scale form would leave it: unknown fields of existing pools are kept. */
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
