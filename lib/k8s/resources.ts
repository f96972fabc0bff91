/** Group, version and plural of each kind the console reads or writes. */
export const RESOURCES = {
  clusters: { group: "cluster.x-k8s.io", version: "v1beta2", plural: "clusters", kind: "Cluster" },
  clusterClasses: {
    group: "cluster.x-k8s.io",
    version: "v1beta2",
    plural: "clusterclasses",
    kind: "ClusterClass",
  },
  machines: { group: "cluster.x-k8s.io", version: "v1beta2", plural: "machines", kind: "Machine" },
  machineDeployments: {
    group: "cluster.x-k8s.io",
    version: "v1beta2",
    plural: "machinedeployments",
    kind: "MachineDeployment",
  },
  machineSets: { group: "cluster.x-k8s.io", version: "v1beta2", plural: "machinesets", kind: "MachineSet" },
  kubeadmControlPlanes: {
    group: "controlplane.cluster.x-k8s.io",
    version: "v1beta2",
    plural: "kubeadmcontrolplanes",
    kind: "KubeadmControlPlane",
  },
  clusterStackReleases: {
    group: "clusterstack.x-k8s.io",
    version: "v1alpha1",
    plural: "clusterstackreleases",
    kind: "ClusterStackRelease",
  },
} as const;

export type ResourceName = keyof typeof RESOURCES;
