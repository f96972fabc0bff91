import { RESOURCES } from "../resources.ts";

/** A kind the watch hub caches: where it is served and whether its CRD may be missing. */
export type HubKindSpec = {
  group: string;
  version: string;
  plural: string;
  kind: string;
  /** Optional CRDs (e.g. the Helm add-on provider) may be absent; the hub then re-checks now and then. */
  optional?: boolean;
};

/**
 * Every kind the hub watches, one line each. Adding a kind here adds one informer (one LIST at start,
 * one long-lived WATCH); the console's ClusterRole (deploy/chart/files/cluster-roles.yaml) must allow list and watch on it.
 */
export const HUB_KINDS = {
  clusters: RESOURCES.clusters,
  machineDeployments: RESOURCES.machineDeployments,
  machineSets: RESOURCES.machineSets,
  machines: RESOURCES.machines,
  kubeadmControlPlanes: RESOURCES.kubeadmControlPlanes,
  events: { group: "", version: "v1", plural: "events", kind: "Event" },
  clusterClasses: RESOURCES.clusterClasses,
  clusterAddons: {
    group: "clusterstack.x-k8s.io",
    version: "v1alpha1",
    plural: "clusteraddons",
    kind: "ClusterAddon",
  },
  helmReleaseProxies: {
    group: "addons.cluster.x-k8s.io",
    version: "v1alpha1",
    plural: "helmreleaseproxies",
    kind: "HelmReleaseProxy",
    optional: true,
  },
  clusterResourceSetBindings: {
    group: "addons.cluster.x-k8s.io",
    version: "v1beta2",
    plural: "clusterresourcesetbindings",
    kind: "ClusterResourceSetBinding",
  },
  // Team membership: lib/teams/membership.ts answers "which teams is this user in" from these.
  roleBindings: {
    group: "rbac.authorization.k8s.io",
    version: "v1",
    plural: "rolebindings",
    kind: "RoleBinding",
  },
} as const satisfies Record<string, HubKindSpec>;

export type HubKind = keyof typeof HUB_KINDS;

export const hubKindNames = Object.keys(HUB_KINDS) as HubKind[];

export function isHubKind(name: string): name is HubKind {
  return Object.hasOwn(HUB_KINDS, name);
}

/** The cluster-wide collection path of a kind (`/api/v1/events`, `/apis/<group>/<version>/<plural>`). */
export function collectionPath(spec: HubKindSpec): string {
  return spec.group
    ? `/apis/${spec.group}/${spec.version}/${spec.plural}`
    : `/api/${spec.version}/${spec.plural}`;
}
