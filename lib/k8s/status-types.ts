import type { Condition, ObjectMeta } from "./types.ts";

/**
 * The status-bearing objects around a Cluster that its page reads from the watch hub, in the
 * versions the hub watches (lib/k8s/hub/kinds.ts). Every field is optional where a controller
 * fills it: a fresh object has none, and the objects arrive as untrusted JSON.
 */

/** Both condition homes: v1beta2 objects (`conditions`, `deprecated.v1beta1`) and v1beta1 ones (`v1beta2`). */
export type ConditionedStatus = {
  conditions?: Condition[];
  v1beta2?: { conditions?: Condition[] };
  deprecated?: { v1beta1?: { conditions?: Condition[] } };
};

export type MachineDeployment = {
  apiVersion?: string;
  kind?: "MachineDeployment";
  metadata: ObjectMeta;
  spec?: { clusterName?: string; replicas?: number; template?: { spec?: { version?: string } } };
  status?: ConditionedStatus & {
    phase?: string;
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    upToDateReplicas?: number;
  };
};

export type KubeadmControlPlane = {
  apiVersion?: string;
  kind?: "KubeadmControlPlane";
  metadata: ObjectMeta;
  spec?: { replicas?: number; version?: string };
  status?: ConditionedStatus & {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    upToDateReplicas?: number;
    version?: string;
  };
};

/** A core/v1 Event (what the hub watches); `regarding` is the events.k8s.io/v1 name of `involvedObject`. */
export type KubeEvent = {
  apiVersion?: string;
  kind?: "Event";
  metadata: ObjectMeta;
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string };
  regarding?: { kind?: string; name?: string; namespace?: string; uid?: string };
  type?: string;
  reason?: string;
  message?: string;
  note?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string };
  source?: { component?: string };
  reportingController?: string;
};

/** Cluster Stacks' ClusterAddon (clusterstack.x-k8s.io/v1alpha1), one per cluster. */
export type ClusterAddon = {
  apiVersion?: string;
  kind?: "ClusterAddon";
  metadata: ObjectMeta;
  spec?: { clusterStack?: string; version?: string; hook?: string; clusterRef?: { name?: string } };
  status?: ConditionedStatus & {
    ready?: boolean;
    stages?: { name?: string; action?: string; phase?: string }[];
    resources?: { kind?: string; name?: string; namespace?: string; status?: string; error?: string }[];
  };
};

/** The Cluster API add-on provider Helm's HelmReleaseProxy, one per chart and cluster. */
export type HelmReleaseProxy = {
  apiVersion?: string;
  kind?: "HelmReleaseProxy";
  metadata: ObjectMeta;
  spec?: {
    clusterRef?: { name?: string };
    chartName?: string;
    releaseName?: string;
    releaseNamespace?: string;
    version?: string;
  };
  status?: ConditionedStatus & { status?: string; revision?: number };
};

/** Cluster API's ClusterResourceSetBinding, named after its cluster. */
export type ClusterResourceSetBinding = {
  apiVersion?: string;
  kind?: "ClusterResourceSetBinding";
  metadata: ObjectMeta;
  spec?: {
    clusterName?: string;
    bindings?: {
      clusterResourceSetName?: string;
      resources?: { kind?: string; name?: string; applied?: boolean; lastAppliedTime?: string }[];
    }[];
  };
};
