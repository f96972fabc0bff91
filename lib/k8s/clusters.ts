import "server-only";
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import type { ClusterClassObject, ClusterStackReleaseObject } from "../capi/class-catalog.ts";
import { apisAs } from "./client.ts";
import { KubeError, kubeCall } from "./errors.ts";
import { accessReviewer, HUB_KINDS, watchHub } from "./hub/index.ts";
import type { KubeIdentity } from "./identity.ts";
import { FIELD_MANAGER } from "./names.ts";
import { RESOURCES, type ResourceName } from "./resources.ts";
import type { Cluster, KubeList, Machine, ObjectMeta } from "./types.ts";

const C = RESOURCES.clusters;
const DRY_RUN = "All";

/** Lists one kind in a namespace as the user; the API server decides whether they may. */
async function listAs<T>(
  identity: KubeIdentity,
  resource: ResourceName,
  namespace: string,
  labelSelector?: string,
): Promise<T[]> {
  const r = RESOURCES[resource];
  const list = await kubeCall(
    () =>
      apisAs(identity).custom.listNamespacedCustomObject({
        group: r.group,
        version: r.version,
        namespace,
        plural: r.plural,
        ...(labelSelector ? { labelSelector } : {}),
      }) as Promise<KubeList<T>>,
  );
  return list.items;
}

/** Lists the Clusters of a namespace as the user. */
export function listClusters(identity: KubeIdentity, namespace: string): Promise<Cluster[]> {
  return listAs<Cluster>(identity, "clusters", namespace);
}

/** Reads one Cluster as the user. */
export async function getCluster(identity: KubeIdentity, namespace: string, name: string): Promise<Cluster> {
  return kubeCall(
    () =>
      apisAs(identity).custom.getNamespacedCustomObject({
        group: C.group,
        version: C.version,
        namespace,
        plural: C.plural,
        name,
      }) as Promise<Cluster>,
  );
}

/** Creates a Cluster as the user; with `dryRun` the API server checks everything and stores nothing. */
export async function createCluster(
  identity: KubeIdentity,
  namespace: string,
  cluster: Cluster,
  opts: { dryRun: boolean },
): Promise<Cluster> {
  return kubeCall(
    () =>
      apisAs(identity).custom.createNamespacedCustomObject({
        group: C.group,
        version: C.version,
        namespace,
        plural: C.plural,
        body: cluster,
        fieldManager: FIELD_MANAGER,
        ...(opts.dryRun ? { dryRun: DRY_RUN } : {}),
      }) as Promise<Cluster>,
  );
}

/** A patch of a Cluster as the user, in the given patch format; `dryRun` stores nothing. */
function patchAs(
  identity: KubeIdentity,
  namespace: string,
  name: string,
  body: object,
  strategy: PatchStrategy,
  opts: { dryRun: boolean },
): Promise<Cluster> {
  return kubeCall(
    () =>
      apisAs(identity).custom.patchNamespacedCustomObject(
        {
          group: C.group,
          version: C.version,
          namespace,
          plural: C.plural,
          name,
          body,
          fieldManager: FIELD_MANAGER,
          ...(opts.dryRun ? { dryRun: DRY_RUN } : {}),
        },
        setHeaderOptions("Content-Type", strategy),
      ) as Promise<Cluster>,
  );
}

/** The Cluster's spec changed (its generation moved on) since the change was computed from it. */
export class ClusterSpecChanged extends Error {
  constructor() {
    super("The cluster's spec changed since it was read.");
    this.name = "ClusterSpecChanged";
  }
}

/**
 * Replaces a Cluster's `spec.topology` as the user, guarded by the generation it was computed from:
 * a JSON patch whose first operation tests `metadata.generation`. Only writes to the spec move the
 * generation, so the controllers' status and metadata writes (several a second on a young cluster)
 * do not refuse the change as a resourceVersion precondition would; a spec change in between does,
 * and throws {@link ClusterSpecChanged}.
 */
export async function replaceClusterTopology(
  identity: KubeIdentity,
  namespace: string,
  name: string,
  generation: number,
  topology: Record<string, unknown>,
  opts: { dryRun: boolean },
): Promise<Cluster> {
  const ops = [
    { op: "test", path: "/metadata/generation", value: generation },
    { op: "replace", path: "/spec/topology", value: topology },
  ];
  try {
    return await patchAs(identity, namespace, name, ops, PatchStrategy.JsonPatch, opts);
  } catch (err) {
    // A failed test operation is a bare 422 Invalid without field causes: tell it from a refusal
    // of the topology (which names its fields) by reading the generation again.
    if (!(err instanceof KubeError) || err.status !== 422 || hasCauses(err.details)) throw err;
    const now = await getCluster(identity, namespace, name);
    if (now.metadata.generation !== generation) throw new ClusterSpecChanged();
    throw err;
  }
}

function hasCauses(details: unknown): boolean {
  const causes = (details as { causes?: unknown[] } | undefined)?.causes;
  return Array.isArray(causes) && causes.length > 0;
}

/**
 * Merge-patches a Cluster's labels and annotations as the user (null removes a key), with the
 * resourceVersion the change was computed from: a write in between answers 409.
 */
export function patchClusterMetadata(
  identity: KubeIdentity,
  namespace: string,
  name: string,
  resourceVersion: string,
  metadata: { labels: Record<string, string | null>; annotations: Record<string, string | null> },
  opts: { dryRun: boolean },
): Promise<Cluster> {
  const body = { metadata: { resourceVersion, ...metadata } };
  return patchAs(identity, namespace, name, body, PatchStrategy.MergePatch, opts);
}

/**
 * Deletes a Cluster as the user. Background propagation on purpose: Cluster API orders the
 * teardown itself (workers, control plane, then infrastructure); foreground deletion would let
 * the garbage collector remove the infrastructure first and strand the machines.
 */
export async function deleteCluster(
  identity: KubeIdentity,
  namespace: string,
  name: string,
  opts: { dryRun: boolean } = { dryRun: false },
): Promise<void> {
  await kubeCall(() =>
    apisAs(identity).custom.deleteNamespacedCustomObject({
      group: C.group,
      version: C.version,
      namespace,
      plural: C.plural,
      name,
      ...(opts.dryRun ? { dryRun: DRY_RUN } : {}),
    }),
  );
}

/**
 * The names of one kind in every namespace, sorted, by namespace, read as the user in one call
 * (objects being deleted included): how many clusters each team has, which classes can be copied.
 */
export async function namesByNamespace(
  identity: KubeIdentity,
  resource: ResourceName,
): Promise<Map<string, string[]>> {
  const r = RESOURCES[resource];
  const list = (await kubeCall(() =>
    apisAs(identity).custom.listCustomObjectForAllNamespaces({
      group: r.group,
      version: r.version,
      resourcePlural: r.plural,
    }),
  )) as KubeList<{ metadata: ObjectMeta }>;
  const out = new Map<string, string[]>();
  for (const o of list.items) {
    const ns = o.metadata.namespace ?? "";
    if (!out.has(ns)) out.set(ns, []);
    out.get(ns)?.push(o.metadata.name);
  }
  for (const names of out.values()) names.sort();
  return out;
}

/** The ClusterClasses offered in a namespace, read as the user. */
export function listClusterClasses(identity: KubeIdentity, namespace: string): Promise<ClusterClassObject[]> {
  return listAs<ClusterClassObject>(identity, "clusterClasses", namespace);
}

/** Cluster Stacks releases in a namespace; none when the Cluster Stacks CRDs are not installed. */
export async function listClusterStackReleases(
  identity: KubeIdentity,
  namespace: string,
): Promise<ClusterStackReleaseObject[]> {
  try {
    return await listAs<ClusterStackReleaseObject>(identity, "clusterStackReleases", namespace);
  } catch (err) {
    if (err instanceof KubeError && err.status === 404) return [];
    throw err;
  }
}

/** The Machines of one cluster, read as the user. */
export function listMachines(
  identity: KubeIdentity,
  namespace: string,
  clusterName: string,
): Promise<Machine[]> {
  return listAs<Machine>(identity, "machines", namespace, `cluster.x-k8s.io/cluster-name=${clusterName}`);
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
