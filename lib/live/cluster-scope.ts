import { type NamespaceObjects, objectsOfCluster } from "../capi/cluster-status.ts";
import type { WatchHub } from "../k8s/hub/hub.ts";
import type { HubObject } from "../k8s/hub/informer.ts";
import type { HubKind } from "../k8s/hub/kinds.ts";
import type { Cluster } from "../k8s/types.ts";

/** The hub kinds that hold a cluster's objects, under the names `objectsOfCluster` reads them by. */
const FIELDS = {
  machines: "machines",
  machineDeployments: "machineDeployments",
  machineSets: "machineSets",
  kubeadmControlPlanes: "kubeadmControlPlanes",
  events: "events",
  clusterAddons: "clusterAddons",
  helmReleaseProxies: "helmReleaseProxies",
  clusterResourceSetBindings: "clusterResourceSetBindings",
} as const satisfies Partial<Record<HubKind, keyof NamespaceObjects>>;

/**
 * What a stream scoped to some clusters of one namespace may carry: the Clusters by name, and of
 * every other kind only the objects the cluster page would pick for them (`objectsOfCluster`: the
 * `cluster.x-k8s.io/cluster-name` label, `spec.clusterName`, `spec.clusterRef`, an owner reference;
 * Events by the uid of the object they are about). The page filters the same way, so what the
 * server leaves out is what the page would have thrown away, after it crossed the network.
 *
 * The hub keeps JSON text; the scope parses each object of its namespace once per
 * resourceVersion and forgets the ones that went away.
 */
export class ClusterScope {
  readonly namespace: string;
  readonly clusters: ReadonlySet<string>;
  private readonly hub: WatchHub;
  private readonly parsed = new Map<string, { rv: string; value: unknown }>();
  private related: Set<string> | undefined;

  constructor(hub: WatchHub, namespace: string, clusters: Iterable<string>) {
    this.hub = hub;
    this.namespace = namespace;
    this.clusters = new Set(clusters);
  }

  /** Something in the namespace changed: the set of related objects is worked out again when next asked. */
  invalidate(): void {
    this.related = undefined;
  }

  /** Whether `o` (of `kind`, in this namespace) belongs to one of the scope's clusters. */
  belongs(kind: HubKind, o: HubObject): boolean {
    if (kind === "clusters") return this.clusters.has(o.name);
    return this.relatedUids().has(o.uid);
  }

  /** The uids of every object of the namespace, of any kind but Cluster, that belongs to the clusters. */
  relatedUids(): ReadonlySet<string> {
    if (this.related) return this.related;
    const seen = new Set<string>();
    const all: Record<string, unknown[]> = {};
    const watched = new Set(this.hub.kinds());
    for (const [kind, field] of Object.entries(FIELDS) as [HubKind, keyof NamespaceObjects][]) {
      if (!watched.has(kind)) continue;
      all[field] = (this.hub.list(kind, this.namespace) ?? []).map((o) => this.parse(o, seen));
    }
    const related = new Set<string>();
    const clusters = watched.has("clusters") ? (this.hub.list("clusters", this.namespace) ?? []) : [];
    for (const c of clusters) {
      if (!this.clusters.has(c.name)) continue;
      const objs = objectsOfCluster(this.parse(c, seen) as Cluster, all as NamespaceObjects);
      for (const list of [
        objs.machines,
        objs.machineDeployments,
        objs.machineSets,
        objs.controlPlanes,
        objs.events,
        objs.clusterAddons,
        objs.helmReleaseProxies,
        objs.crsBindings,
      ]) {
        for (const o of list) if (o.metadata.uid) related.add(o.metadata.uid);
      }
    }
    for (const uid of this.parsed.keys()) if (!seen.has(uid)) this.parsed.delete(uid);
    this.related = related;
    return related;
  }

  private parse(o: HubObject, seen: Set<string>): unknown {
    seen.add(o.uid);
    const hit = this.parsed.get(o.uid);
    if (hit && hit.rv === o.resourceVersion) return hit.value;
    const value: unknown = JSON.parse(o.json);
    this.parsed.set(o.uid, { rv: o.resourceVersion, value });
    return value;
  }
}

/** One scoped (kind, namespace) of a stream: only the objects of `cluster` there. */
export type StreamScope = { kind: HubKind; namespace: string; cluster: string };
