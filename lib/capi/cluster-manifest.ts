/**
 * Cluster manifests (v1beta2) from form input, and the inverse: form input from a loaded Cluster.
 * Pure functions, shared by the preview, the dry run and the write. Free of the YAML library
 * (`toYaml` lives in ./to-yaml.ts): the cluster pages import this module, and `yaml` would add
 * about 28 KB gzip to their first load.
 */
import type { Cluster, MachineDeploymentTopology } from "../k8s/types.ts";
import { shellWord } from "../shell.ts";
import type { CreateClusterInput } from "../validation/cluster.ts";

/** Annotations the Cluster API autoscaler reads on a MachineDeployment (topology metadata). */
export const AUTOSCALER_MIN = "cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size";
export const AUTOSCALER_MAX = "cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size";

export type WorkerPoolInput = CreateClusterInput["workers"][number];

/** The topology entry of one worker pool. */
export function poolTopology(p: WorkerPoolInput): MachineDeploymentTopology & Record<string, unknown> {
  const annotations: Record<string, string> = {};
  if (p.autoscaling) {
    annotations[AUTOSCALER_MIN] = String(p.autoscaling.min);
    annotations[AUTOSCALER_MAX] = String(p.autoscaling.max);
  }
  const metadata: { labels?: Record<string, string>; annotations?: Record<string, string> } = {};
  if (Object.keys(p.labels).length) metadata.labels = p.labels;
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  return {
    class: p.class,
    name: p.name,
    replicas: p.replicas,
    ...(Object.keys(metadata).length ? { metadata } : {}),
    ...(p.taints.length
      ? {
          taints: p.taints.map((t) => ({
            key: t.key,
            value: t.value || undefined,
            effect: t.effect,
            propagation: "Always",
          })),
        }
      : {}),
  };
}

/**
 * The Cluster the create form describes, in the team's namespace; `metadata` carries the labels and
 * annotations of its add-ons (lib/capi/addon-catalog `addonMetadata`).
 */
export function clusterManifest(
  namespace: string,
  input: Omit<CreateClusterInput, "addons">,
  metadata: { labels: Record<string, string>; annotations: Record<string, string> } = {
    labels: {},
    annotations: {},
  },
): Cluster {
  const variables = Object.entries(input.variables)
    .filter(([, value]) => value !== undefined && value !== "")
    .map(([name, value]) => ({ name, value }));
  return {
    apiVersion: "cluster.x-k8s.io/v1beta2",
    kind: "Cluster",
    metadata: {
      name: input.name,
      namespace,
      ...(Object.keys(metadata.labels).length ? { labels: metadata.labels } : {}),
      ...(Object.keys(metadata.annotations).length ? { annotations: metadata.annotations } : {}),
    },
    spec: {
      topology: {
        classRef: { name: input.className },
        version: input.version,
        controlPlane: { replicas: input.controlPlaneReplicas },
        workers: { machineDeployments: input.workers.map(poolTopology) },
        ...(variables.length ? { variables } : {}),
      },
    },
  };
}

/** The worker pools of a loaded Cluster as form input (for the scale form). */
export function poolsOf(cluster: Cluster): WorkerPoolInput[] {
  return (cluster.spec.topology?.workers?.machineDeployments ?? []).map((md) => {
    const a = md.metadata?.annotations ?? {};
    const min = a[AUTOSCALER_MIN];
    const max = a[AUTOSCALER_MAX];
    const taints = ((md as { taints?: { key: string; value?: string; effect: string }[] }).taints ?? []).map(
      (t) => ({
        key: t.key,
        value: t.value ?? "",
        effect: t.effect as "NoSchedule" | "PreferNoSchedule" | "NoExecute",
      }),
    );
    return {
      name: md.name,
      class: md.class,
      replicas: md.replicas ?? 0,
      autoscaling: min !== undefined && max !== undefined ? { min: Number(min), max: Number(max) } : null,
      labels: md.metadata?.labels ?? {},
      taints,
    };
  });
}

/** Total worker nodes a set of pools asks for (autoscaled pools count at their maximum). */
export function workerNodes(pools: Pick<WorkerPoolInput, "replicas" | "autoscaling">[]): number {
  return pools.reduce((n, p) => n + Math.max(p.replicas, p.autoscaling?.max ?? 0), 0);
}

/** Total worker nodes of a loaded cluster, counted like {@link workerNodes}. */
export function clusterWorkerNodes(cluster: Cluster): number {
  return workerNodes(poolsOf(cluster));
}

/** The command a user could run instead of pressing "Create". */
export function kubectlApplyCommand(namespace: string, file: string): string {
  return `kubectl apply --server-side -n ${namespace} -f ${file}`;
}

/** The kubectl command that sends the same merge patch a scale or upgrade sends. */
export function kubectlPatchCommand(namespace: string, name: string, patch: unknown): string {
  return `kubectl patch -n ${shellWord(namespace)} cluster.cluster.x-k8s.io/${shellWord(name)} --type merge -p ${shellWord(JSON.stringify(patch))}`;
}

/** The kubectl command that deletes the cluster as "Delete" does. */
export function kubectlDeleteCommand(namespace: string, name: string): string {
  return `kubectl delete -n ${shellWord(namespace)} cluster.cluster.x-k8s.io/${shellWord(name)}`;
}
