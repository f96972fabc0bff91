/**
 * The parts of Cluster API (v1beta2) objects the console reads. Status fields are optional: a
 * fresh object has none, and controllers fill them over time.
 */
export type ObjectMeta = {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
};

/** A condition in the v1beta2 shape (metav1.Condition) or the v1beta1 shape (with severity). */
export type Condition = {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  severity?: string;
  lastTransitionTime?: string;
};

export type ReplicaCounts = {
  replicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  upToDateReplicas?: number;
};

export type MachineDeploymentTopology = {
  class: string;
  name: string;
  replicas?: number;
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
};

export type Cluster = {
  apiVersion: string;
  kind: "Cluster";
  metadata: ObjectMeta;
  spec: {
    topology?: {
      classRef: { name: string; namespace?: string };
      version: string;
      controlPlane?: { replicas?: number };
      workers?: { machineDeployments?: MachineDeploymentTopology[] };
      variables?: { name: string; value: unknown }[];
    };
    controlPlaneEndpoint?: { host?: string; port?: number };
    paused?: boolean;
  };
  status?: {
    phase?: string;
    conditions?: Condition[];
    initialization?: { infrastructureProvisioned?: boolean; controlPlaneInitialized?: boolean };
    controlPlane?: ReplicaCounts & { desiredReplicas?: number };
    workers?: ReplicaCounts & { desiredReplicas?: number };
    deprecated?: { v1beta1?: { conditions?: Condition[] } };
  };
};

export type KubeList<T> = {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
};

export type Machine = {
  apiVersion: string;
  kind: "Machine";
  metadata: ObjectMeta;
  spec: { clusterName: string; version?: string; providerID?: string };
  status?: {
    phase?: string;
    nodeRef?: { name: string };
    addresses?: { type: string; address: string }[];
    nodeInfo?: { kubeletVersion?: string };
    conditions?: Condition[];
  };
};

/** The fields of a RoleBinding the console reads and writes. */
export type RoleBindingLike = {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    creationTimestamp?: Date | string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  roleRef: { apiGroup: string; kind: string; name: string };
  subjects?: { kind: string; name: string; apiGroup?: string; namespace?: string }[];
};

/** RoleBinding writes that give one subject another role: see `applyRoleBindingPlan`. */
export type RoleBindingPlan = {
  /** A new binding for the subject. */
  create?: RoleBindingLike;
  /** An existing binding with the subject added as its last subject (guarded by resourceVersion). */
  extend?: RoleBindingLike;
  /** Bindings that keep other subjects: written back without this one (guarded by resourceVersion). */
  update: RoleBindingLike[];
  /** Bindings that named only this subject. */
  remove: { name: string; resourceVersion?: string }[];
};
