import type {
  ClusterAddon,
  ClusterResourceSetBinding,
  HelmReleaseProxy,
  KubeadmControlPlane,
  KubeEvent,
  MachineDeployment,
} from "../k8s/status-types.ts";
import type { Cluster, Condition, Machine, ObjectMeta } from "../k8s/types.ts";
import { conditionsOf } from "./cluster-summary.ts";

export const CLUSTER_NAME_LABEL = "cluster.x-k8s.io/cluster-name";
const CONTROL_PLANE_LABEL = "cluster.x-k8s.io/control-plane";
const TOPOLOGY_POOL_LABEL = "topology.cluster.x-k8s.io/deployment-name";
const DEPLOYMENT_LABEL = "cluster.x-k8s.io/deployment-name";

/** Everything of one namespace the page may look at, per hub kind (absent: not received yet). */
export type NamespaceObjects = {
  machines?: readonly unknown[];
  machineDeployments?: readonly unknown[];
  machineSets?: readonly unknown[];
  kubeadmControlPlanes?: readonly unknown[];
  events?: readonly unknown[];
  clusterAddons?: readonly unknown[];
  helmReleaseProxies?: readonly unknown[];
  clusterResourceSetBindings?: readonly unknown[];
};

/** The objects that belong to one Cluster. */
export type ClusterObjects = {
  cluster: Cluster;
  machines: Machine[];
  machineDeployments: MachineDeployment[];
  /** Only for their Events (scaling a pool is reported on its MachineSet). */
  machineSets: MachineDeployment[];
  controlPlanes: KubeadmControlPlane[];
  events: KubeEvent[];
  clusterAddons: ClusterAddon[];
  helmReleaseProxies: HelmReleaseProxy[];
  crsBindings: ClusterResourceSetBinding[];
};

const hasMeta = (o: unknown): o is { metadata: ObjectMeta } =>
  !!o && typeof o === "object" && typeof (o as { metadata?: { name?: unknown } }).metadata?.name === "string";

function ownedBy(meta: ObjectMeta, uid: string | undefined): boolean {
  return !!uid && (meta.ownerReferences ?? []).some((r) => r.uid === uid);
}

/**
 * Picks the objects of `cluster` out of its namespace: by the `cluster.x-k8s.io/cluster-name`
 * label, `spec.clusterName` or `spec.clusterRef`, or an owner reference to the Cluster; Events by
 * the uid of the object they are about, so events of an earlier cluster of the same name stay out.
 */
export function objectsOfCluster(cluster: Cluster, all: NamespaceObjects): ClusterObjects {
  const name = cluster.metadata.name;
  const uid = cluster.metadata.uid;
  const labelled = (o: { metadata: ObjectMeta }) =>
    o.metadata.labels?.[CLUSTER_NAME_LABEL] === name || ownedBy(o.metadata, uid);
  const pick = <T extends { metadata: ObjectMeta }>(
    list: readonly unknown[] | undefined,
    also: (o: T) => boolean,
  ) => (list ?? []).filter(hasMeta).filter((o) => labelled(o) || also(o as T)) as T[];

  const machines = pick<Machine>(all.machines, (m) => m.spec?.clusterName === name);
  const machineDeployments = pick<MachineDeployment>(
    all.machineDeployments,
    (m) => m.spec?.clusterName === name,
  );
  const machineSets = pick<MachineDeployment>(all.machineSets, (m) => m.spec?.clusterName === name);
  const controlPlanes = pick<KubeadmControlPlane>(all.kubeadmControlPlanes, () => false);
  const clusterAddons = pick<ClusterAddon>(all.clusterAddons, (a) => a.spec?.clusterRef?.name === name);
  const helmReleaseProxies = pick<HelmReleaseProxy>(
    all.helmReleaseProxies,
    (h) => h.spec?.clusterRef?.name === name,
  );
  const crsBindings = pick<ClusterResourceSetBinding>(
    all.clusterResourceSetBindings,
    (b) => b.spec?.clusterName === name || b.metadata.name === name,
  );

  const uids = new Set<string>();
  for (const o of [
    cluster,
    ...machines,
    ...machineDeployments,
    ...machineSets,
    ...controlPlanes,
    ...clusterAddons,
    ...helmReleaseProxies,
  ]) {
    if (o.metadata.uid) uids.add(o.metadata.uid);
  }
  const events = (all.events ?? []).filter(hasMeta).filter((e) => {
    const about = (e as KubeEvent).involvedObject ?? (e as KubeEvent).regarding;
    if (!about) return false;
    if (about.uid) return uids.has(about.uid);
    return about.kind === "Cluster" && about.name === name;
  }) as KubeEvent[];

  return {
    cluster,
    machines,
    machineDeployments,
    machineSets,
    controlPlanes,
    events,
    clusterAddons,
    helmReleaseProxies,
    crsBindings,
  };
}

/** Condition types that report something going on when True (the others report health when True). */
export const ACTIVITY_TYPES: ReadonlySet<string> = new Set([
  "RollingOut",
  "ScalingUp",
  "ScalingDown",
  "Remediating",
  "Deleting",
  "Paused",
  "Updating",
  "Deleted",
]);

/** Whether a condition is fine: True for health conditions, not True for activity conditions. */
export function conditionIsGood(c: Condition): boolean {
  return ACTIVITY_TYPES.has(c.type) ? c.status !== "True" : c.status === "True";
}

/** Whether a condition is an activity (rolling out, scaling, …) rather than a health condition. */
export function isActivityCondition(c: Condition): boolean {
  return ACTIVITY_TYPES.has(c.type);
}

/** A machine is ready when its Ready condition says so, or (without conditions) it runs with a node. */
export function machineIsReady(m: Machine): boolean {
  const ready = conditionsOf(m).find((c) => c.type === "Ready");
  if (ready) return ready.status === "True";
  return m.status?.phase === "Running" && !!m.status.nodeRef;
}

export type Activity = "provisioning" | "scaling-up" | "scaling-down" | "rolling-out" | "deleting" | "stable";

/** One bar of the readiness view: the control plane or one worker pool. */
export type ReadinessGroup = {
  key: string;
  label: string;
  role: "control-plane" | "workers";
  /** Machines wanted (the topology's replicas, which a scale changes at once). */
  desired: number;
  /** Machines that exist (including ones still coming up or going away). */
  current: number;
  ready: number;
  /** Machines on the desired Kubernetes version. */
  upToDate: number;
  activity: Activity;
};

export type Readiness = { groups: ReadinessGroup[]; desired: number; ready: number; percent: number };

function activityOf(g: Omit<ReadinessGroup, "activity">, deleting: boolean): Activity {
  if (deleting) return "deleting";
  if (g.current > g.desired) return "scaling-down";
  if (g.upToDate < g.current) return "rolling-out";
  if (g.current < g.desired) return g.ready === 0 ? "provisioning" : "scaling-up";
  if (g.ready < g.desired) return "provisioning";
  return "stable";
}

/**
 * Machines ready against machines wanted, for the control plane and each worker pool. Desired
 * counts come from the Cluster's topology (else the KubeadmControlPlane / MachineDeployment), so a
 * scale shows at once; ready counts from the Machines themselves, falling back to the owners'
 * counters for a pool whose Machines are not known.
 */
export function readinessOf(objs: ClusterObjects): Readiness {
  const { cluster, machines, machineDeployments, controlPlanes } = objs;
  const t = cluster.spec.topology;
  const version = t?.version;
  const deleting = !!cluster.metadata.deletionTimestamp;
  const upToDate = (m: Machine) => {
    const c = conditionsOf(m).find((x) => x.type === "UpToDate");
    if (c) return c.status === "True";
    return !version || m.spec?.version === version;
  };
  const group = (
    key: string,
    label: string,
    role: ReadinessGroup["role"],
    desired: number,
    ms: Machine[],
  ) => {
    const g = {
      key,
      label,
      role,
      desired,
      current: ms.length,
      ready: ms.filter(machineIsReady).length,
      upToDate: ms.filter(upToDate).length,
    };
    return { ...g, activity: activityOf(g, deleting) };
  };

  const groups: ReadinessGroup[] = [];
  const kcp = controlPlanes[0];
  const cpMachines = machines.filter((m) => m.metadata.labels && CONTROL_PLANE_LABEL in m.metadata.labels);
  const cpDesired =
    t?.controlPlane?.replicas ?? kcp?.spec?.replicas ?? cluster.status?.controlPlane?.desiredReplicas ?? 0;
  if (cpDesired > 0 || cpMachines.length > 0) {
    const g = group("control-plane", "Control plane", "control-plane", cpDesired, cpMachines);
    if (cpMachines.length === 0 && kcp?.status?.readyReplicas) g.ready = kcp.status.readyReplicas;
    groups.push(g);
  }

  // Worker pools: the topology's, matched to their MachineDeployments and Machines by the topology
  // label; MachineDeployments outside the topology (a cluster without a class) as they are.
  const workerMachines = machines.filter(
    (m) => !(m.metadata.labels && CONTROL_PLANE_LABEL in m.metadata.labels),
  );
  const poolOfMd = (md: MachineDeployment) => md.metadata.labels?.[TOPOLOGY_POOL_LABEL] ?? md.metadata.name;
  const mdByName = new Map(machineDeployments.map((md) => [md.metadata.name, md]));
  const poolOfMachine = (m: Machine): string | undefined => {
    const topo = m.metadata.labels?.[TOPOLOGY_POOL_LABEL];
    if (topo) return topo;
    const md = m.metadata.labels?.[DEPLOYMENT_LABEL];
    return md ? poolOfMd(mdByName.get(md) ?? { metadata: { name: md } }) : undefined;
  };
  const pools = new Map<string, number>();
  for (const p of t?.workers?.machineDeployments ?? []) pools.set(p.name, p.replicas ?? 0);
  for (const md of machineDeployments) {
    const p = poolOfMd(md);
    if (!pools.has(p) && !t) pools.set(p, md.spec?.replicas ?? 0);
  }
  for (const [pool, desired] of pools) {
    const ms = workerMachines.filter((m) => poolOfMachine(m) === pool);
    const g = group(`pool:${pool}`, `Pool ${pool}`, "workers", desired, ms);
    const md = machineDeployments.find((d) => poolOfMd(d) === pool);
    if (ms.length === 0 && md?.status?.readyReplicas) g.ready = md.status.readyReplicas;
    groups.push(g);
  }
  // Machines of a pool that was just removed from the topology are still going away.
  const known = new Set(pools.keys());
  const leaving = workerMachines.filter((m) => {
    const p = poolOfMachine(m);
    return p !== undefined && !known.has(p);
  });
  for (const pool of new Set(leaving.map(poolOfMachine))) {
    if (pool)
      groups.push(
        group(
          `pool:${pool}`,
          `Pool ${pool}`,
          "workers",
          0,
          leaving.filter((m) => poolOfMachine(m) === pool),
        ),
      );
  }

  const desired = groups.reduce((n, g) => n + g.desired, 0);
  const ready = groups.reduce((n, g) => n + Math.min(g.ready, g.desired), 0);
  return { groups, desired, ready, percent: desired === 0 ? 0 : Math.round((ready / desired) * 100) };
}

/** One row of the machine table. */
export type MachineRow = {
  uid: string;
  name: string;
  /** "Control plane" or the worker pool's name. */
  role: string;
  phase: string;
  ready: boolean;
  nodeName: string | null;
  providerID: string | null;
  kubeletVersion: string | null;
  addresses: string[];
  createdAt: string | null;
  deleting: boolean;
  /** Conditions that are not fine, most recent first. */
  problems: Condition[];
};

function byTimeDesc(a: string | null | undefined, b: string | null | undefined): number {
  return (Date.parse(b ?? "") || 0) - (Date.parse(a ?? "") || 0);
}

/** The machine table's rows, control plane first, then by name. */
export function machineRows(machines: readonly Machine[]): MachineRow[] {
  return machines
    .map((m): MachineRow => {
      const labels = m.metadata.labels ?? {};
      const cp = CONTROL_PLANE_LABEL in labels;
      return {
        uid: m.metadata.uid ?? m.metadata.name,
        name: m.metadata.name,
        role: cp ? "Control plane" : (labels[TOPOLOGY_POOL_LABEL] ?? labels[DEPLOYMENT_LABEL] ?? "–"),
        phase: m.metadata.deletionTimestamp ? "Deleting" : (m.status?.phase ?? "Pending"),
        ready: machineIsReady(m),
        nodeName: m.status?.nodeRef?.name ?? null,
        providerID: m.spec?.providerID ?? null,
        kubeletVersion: m.status?.nodeInfo?.kubeletVersion || m.spec?.version || null,
        addresses: (m.status?.addresses ?? []).map((a) => a.address).filter(Boolean),
        createdAt: m.metadata.creationTimestamp ?? null,
        deleting: !!m.metadata.deletionTimestamp,
        problems: conditionsOf(m)
          .filter((c) => !conditionIsGood(c))
          .sort((a, b) => byTimeDesc(a.lastTransitionTime, b.lastTransitionTime)),
      };
    })
    .sort((a, b) =>
      a.role === b.role
        ? a.name.localeCompare(b.name)
        : a.role === "Control plane"
          ? -1
          : b.role === "Control plane"
            ? 1
            : a.role.localeCompare(b.role),
    );
}

/**
 * The cluster stack and release a class name stands for: SCS names each ClusterClass after its
 * ClusterStackRelease, `<provider>-<stack>-<major>-<minor>-v<n>`. Null for other classes.
 */
export function stackReleaseOf(className: string): { stack: string; release: string } | null {
  const m = /^(.+-\d+-\d+)-(v\d+)$/.exec(className);
  return m?.[1] && m[2] ? { stack: m[1], release: m[2] } : null;
}
