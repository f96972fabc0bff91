/**
 * The hub kinds the cluster page follows, all for the one cluster it shows (the server then
 * sends only that cluster's objects and Events). Here rather than in the page's component so the
 * bench opens exactly the stream the page opens.
 */
export const CLUSTER_PAGE_KINDS = [
  "clusters",
  "machines",
  "machineDeployments",
  "machineSets",
  "kubeadmControlPlanes",
  "events",
  "clusterAddons",
  "helmReleaseProxies",
  "clusterResourceSetBindings",
] as const;
