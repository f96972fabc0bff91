/**
 * Demo content of the local management plane: two team namespaces with RBAC and quotas, cluster
 * classes for the in-memory backend that look like an SCS cluster stack (with its user-facing
 * variables), the Cluster Stacks objects that describe them, and a few clusters. Idempotent:
 * templates, classes and RBAC are applied; clusters are only created when absent, so a re-seed
 * never undoes what a user changed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { chartProxyFor } from "../../lib/capi/addon-catalog.ts";
import { addonCatalogSchema } from "../../lib/capi/addon-catalog-schema.ts";
import { CONSOLE_LABELS } from "../../lib/k8s/names.ts";
import { adminCredentials } from "./control.ts";
import {
  apply,
  applyStatus,
  createIfAbsent,
  type KubeCredentials,
  type KubeObject,
  kubeRequest,
} from "./kube.ts";

/** The demo stack's releases: each is a ClusterStackRelease named exactly like its ClusterClass. */
export const DEMO_RELEASES = [
  { className: "inmemory-scs-1-35-v1", stack: "inmemory-scs-1-35", kubernetesVersion: "v1.35.3" },
  { className: "inmemory-scs-1-35-v2", stack: "inmemory-scs-1-35", kubernetesVersion: "v1.35.5" },
  { className: "inmemory-scs-1-36-v1", stack: "inmemory-scs-1-36", kubernetesVersion: "v1.36.3" },
] as const;

/** The demo teams: namespace, OIDC groups per role (without prefix) and the cluster quota. */
export const DEMO_TEAMS = [
  { slug: "team-a", admins: "team-a-admins", members: "team-a", viewers: "team-a-viewers", clusterQuota: 5 },
  { slug: "team-b", admins: "team-b-admins", members: "team-b", viewers: "team-b-viewers", clusterQuota: 3 },
] as const;

/** The clusters the demo starts with. */
export const DEMO_CLUSTERS = [
  { namespace: "team-a", name: "web-prod", className: "inmemory-scs-1-35-v1", workers: 2 },
  { namespace: "team-a", name: "ci-runners", className: "inmemory-scs-1-35-v2", workers: 1 },
  { namespace: "team-b", name: "analytics", className: "inmemory-scs-1-35-v1", workers: 1 },
] as const;

const GROUP_PREFIX = process.env.KAAS_GROUP_PREFIX ?? "oidc:";

const provisioning = (vm: string) => ({
  vm: { provisioning: { startupDuration: vm, startupJitter: "0.2" } },
  node: { provisioning: { startupDuration: "2s", startupJitter: "0.2" } },
  apiServer: { provisioning: { startupDuration: "2s", startupJitter: "0.2" } },
  etcd: { provisioning: { startupDuration: "2s", startupJitter: "0.2" } },
});

const kubeletArgs = [
  { name: "eviction-hard", value: "nodefs.available<0%,nodefs.inodesFree<0%,imagefs.available<0%" },
];

function templates(ns: string): KubeObject[] {
  return [
    {
      apiVersion: "infrastructure.cluster.x-k8s.io/v1beta2",
      kind: "DevClusterTemplate",
      metadata: { name: "inmemory-cluster", namespace: ns },
      spec: { template: { spec: { backend: { inMemory: {} } } } },
    },
    {
      apiVersion: "controlplane.cluster.x-k8s.io/v1beta2",
      kind: "KubeadmControlPlaneTemplate",
      metadata: { name: "inmemory-control-plane", namespace: ns },
      spec: {
        template: {
          spec: {
            kubeadmConfigSpec: {
              clusterConfiguration: { apiServer: { certSANs: ["localhost", "127.0.0.1"] } },
              initConfiguration: { nodeRegistration: { kubeletExtraArgs: kubeletArgs } },
              joinConfiguration: { nodeRegistration: { kubeletExtraArgs: kubeletArgs } },
            },
          },
        },
      },
    },
    ...[
      ["inmemory-control-plane", "8s"],
      ["inmemory-worker", "6s"],
      ["inmemory-highmem-worker", "6s"],
    ].map(([name, vm]) => ({
      apiVersion: "infrastructure.cluster.x-k8s.io/v1beta2",
      kind: "DevMachineTemplate",
      metadata: { name: name as string, namespace: ns },
      spec: { template: { spec: { backend: { inMemory: provisioning(vm as string) } } } },
    })),
    {
      apiVersion: "bootstrap.cluster.x-k8s.io/v1beta2",
      kind: "KubeadmConfigTemplate",
      metadata: { name: "inmemory-worker", namespace: ns },
      spec: {
        template: { spec: { joinConfiguration: { nodeRegistration: { kubeletExtraArgs: kubeletArgs } } } },
      },
    },
  ];
}

const flavors = ["SCS-2V-4", "SCS-2V-8", "SCS-4V-8", "SCS-4V-16", "SCS-8V-16", "SCS-8V-32"];
const group = (name: string) => ({ annotations: { "kaas.scs.community/group": name } });

/** The user-facing variables of the SCS `scs2` stack, with their schemas, defaults and bounds. */
export const DEMO_VARIABLES = [
  {
    name: "controlPlaneFlavor",
    required: false,
    schema: {
      openAPIV3Schema: {
        type: "string",
        enum: flavors,
        default: "SCS-2V-4",
        description: "OpenStack flavor of the control plane nodes (SCS flavor naming: vCPUs and GiB of RAM).",
        "x-metadata": group("Machines"),
      },
    },
  },
  {
    name: "controlPlaneRootDisk",
    required: false,
    schema: {
      openAPIV3Schema: {
        type: "integer",
        minimum: 20,
        maximum: 500,
        default: 50,
        description: "Root disk size of control plane nodes in GiB.",
        "x-metadata": group("Machines"),
      },
    },
  },
  {
    name: "workerFlavor",
    required: false,
    schema: {
      openAPIV3Schema: {
        type: "string",
        enum: flavors,
        default: "SCS-4V-8",
        description: "OpenStack flavor of the worker nodes.",
        "x-metadata": group("Machines"),
      },
    },
  },
  {
    name: "workerRootDisk",
    required: false,
    schema: {
      openAPIV3Schema: {
        type: "integer",
        minimum: 20,
        maximum: 1000,
        default: 50,
        description: "Root disk size of worker nodes in GiB.",
        "x-metadata": group("Machines"),
      },
    },
  },
  {
    name: "workerAdditionalBlockDevices",
    required: false,
    schema: {
      openAPIV3Schema: {
        type: "array",
        default: [],
        maxItems: 4,
        description: "Extra volumes attached to every worker node.",
        items: {
          type: "object",
          required: ["name"],
          properties: {
            name: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 32 },
            sizeGiB: { type: "integer", minimum: 1, maximum: 2000, default: 20 },
            type: { type: "string", default: "__DEFAULT__" },
          },
        },
        "x-metadata": group("Machines"),
      },
    },
  },
  {
    name: "sshKeyName",
    required: false,
    schema: {
      openAPIV3Schema: {
        type: "string",
        default: "",
        maxLength: 255,
        description: "Name of an OpenStack keypair to inject into the nodes (empty: none).",
        // A CEL rule, checked only by Cluster API's webhook: the console's form cannot know it
        // beforehand, so its message must come back from the dry run onto the field.
        "x-kubernetes-validations": [
          { rule: "!self.contains(' ')", message: "keypair names contain no spaces" },
        ],
        "x-metadata": group("Access"),
      },
    },
  },
  {
    name: "nodeCIDR",
    required: false,
    schema: {
      openAPIV3Schema: {
        type: "string",
        default: "10.8.0.0/20",
        pattern: "^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$",
        description: "CIDR of the network the nodes are attached to.",
        "x-metadata": group("Networking"),
      },
    },
  },
  {
    name: "dnsNameservers",
    required: false,
    schema: {
      openAPIV3Schema: {
        type: "array",
        default: ["9.9.9.9", "149.112.112.112"],
        maxItems: 4,
        items: { type: "string", pattern: "^([0-9]{1,3}\\.){3}[0-9]{1,3}$" },
        description: "DNS servers of the node network.",
        "x-metadata": group("Networking"),
      },
    },
  },
  {
    name: "apiServerLoadBalancer",
    required: false,
    schema: {
      openAPIV3Schema: {
        type: "string",
        enum: ["none", "octavia-amphora", "octavia-ovn"],
        default: "octavia-ovn",
        description: "Load balancer in front of the Kubernetes API server.",
        "x-metadata": group("Networking"),
      },
    },
  },
  {
    name: "certSANs",
    required: false,
    schema: {
      openAPIV3Schema: {
        type: "array",
        default: [],
        items: { type: "string", maxLength: 253 },
        description: "Extra subject alternative names of the API server certificate.",
        "x-metadata": group("Access"),
      },
    },
  },
  {
    name: "oidcConfig",
    required: false,
    schema: {
      openAPIV3Schema: {
        type: "object",
        description: "Sign in to the workload cluster's API server with OIDC (kubelogin).",
        required: ["clientID", "issuerURL"],
        properties: {
          clientID: { type: "string", minLength: 1 },
          issuerURL: { type: "string", pattern: "^https://", description: "Issuer URL (https only)." },
          usernameClaim: { type: "string", default: "preferred_username" },
          groupsClaim: { type: "string", default: "groups" },
          usernamePrefix: { type: "string", default: "oidc:" },
          groupsPrefix: { type: "string", default: "oidc:" },
        },
        "x-metadata": group("Access"),
      },
    },
  },
];

function clusterClass(ns: string, name: string, kubernetesVersion: string): KubeObject {
  const healthCheck = {
    checks: {
      unhealthyNodeConditions: [
        { type: "Ready", status: "Unknown", timeoutSeconds: 300 },
        { type: "Ready", status: "False", timeoutSeconds: 300 },
      ],
    },
  };
  const worker = (cls: string, infra: string, description: string) => ({
    class: cls,
    metadata: { annotations: { "kaas.scs.community/description": description } },
    bootstrap: {
      templateRef: {
        apiVersion: "bootstrap.cluster.x-k8s.io/v1beta2",
        kind: "KubeadmConfigTemplate",
        name: "inmemory-worker",
      },
    },
    infrastructure: {
      templateRef: {
        apiVersion: "infrastructure.cluster.x-k8s.io/v1beta2",
        kind: "DevMachineTemplate",
        name: infra,
      },
    },
    healthCheck,
  });
  return {
    apiVersion: "cluster.x-k8s.io/v1beta2",
    kind: "ClusterClass",
    metadata: {
      name,
      namespace: ns,
      labels: { "kaas.scs.community/cluster-stack": name.replace(/-v\d+$/, "") },
    },
    spec: {
      kubernetesVersions: [kubernetesVersion],
      controlPlane: {
        templateRef: {
          apiVersion: "controlplane.cluster.x-k8s.io/v1beta2",
          kind: "KubeadmControlPlaneTemplate",
          name: "inmemory-control-plane",
        },
        machineInfrastructure: {
          templateRef: {
            apiVersion: "infrastructure.cluster.x-k8s.io/v1beta2",
            kind: "DevMachineTemplate",
            name: "inmemory-control-plane",
          },
        },
        healthCheck,
      },
      infrastructure: {
        templateRef: {
          apiVersion: "infrastructure.cluster.x-k8s.io/v1beta2",
          kind: "DevClusterTemplate",
          name: "inmemory-cluster",
        },
      },
      workers: {
        machineDeployments: [
          worker("default-worker", "inmemory-worker", "General purpose workers"),
          worker("highmem-worker", "inmemory-highmem-worker", "Memory-optimised workers"),
        ],
      },
      variables: DEMO_VARIABLES,
    },
  };
}

function stackObjects(ns: string): { objects: KubeObject[]; statuses: KubeObject[] } {
  const objects: KubeObject[] = [];
  const statuses: KubeObject[] = [];
  const stacks = new Map<string, string[]>();
  for (const r of DEMO_RELEASES) stacks.set(r.stack, [...(stacks.get(r.stack) ?? []), r.className]);
  for (const [stack, releases] of stacks) {
    const k8s = stack.replace(/^inmemory-scs-(\d+)-(\d+)$/, "$1.$2");
    const versions = releases.map((r) => r.replace(/.*-(v\d+)$/, "$1"));
    const meta = { name: stack, namespace: ns };
    objects.push({
      apiVersion: "clusterstack.x-k8s.io/v1alpha1",
      kind: "ClusterStack",
      metadata: meta,
      spec: {
        provider: "inmemory",
        name: "scs",
        kubernetesVersion: k8s,
        channel: "stable",
        versions,
        autoSubscribe: false,
        noProvider: true,
      },
    });
    statuses.push({
      apiVersion: "clusterstack.x-k8s.io/v1alpha1",
      kind: "ClusterStack",
      metadata: meta,
      status: {
        latestRelease: releases[releases.length - 1],
        usableVersions: versions.join(", "),
        summary: releases.map((r) => ({ name: r, ready: true, phase: "done", message: "" })),
      },
    });
  }
  for (const r of DEMO_RELEASES) {
    const meta = { name: r.className, namespace: ns, labels: { "clusterstack.x-k8s.io/stack": r.stack } };
    objects.push({
      apiVersion: "clusterstack.x-k8s.io/v1alpha1",
      kind: "ClusterStackRelease",
      metadata: meta,
      spec: {},
    });
    statuses.push({
      apiVersion: "clusterstack.x-k8s.io/v1alpha1",
      kind: "ClusterStackRelease",
      metadata: { name: r.className, namespace: ns },
      status: { kubernetesVersion: r.kubernetesVersion, ready: true },
    });
  }
  return { objects, statuses };
}

/** The Cluster manifest for an in-memory demo cluster (the v1beta2 API, as the console writes it). */
export function demoCluster(
  namespace: string,
  name: string,
  className: string,
  workers: number,
  controlPlane = 1,
): KubeObject {
  const release = DEMO_RELEASES.find((r) => r.className === className);
  if (!release) throw new Error(`unknown demo class ${className}`);
  return {
    apiVersion: "cluster.x-k8s.io/v1beta2",
    kind: "Cluster",
    metadata: { name, namespace },
    spec: {
      clusterNetwork: {
        services: { cidrBlocks: ["10.128.0.0/12"] },
        pods: { cidrBlocks: ["192.168.0.0/16"] },
        serviceDomain: "cluster.local",
      },
      topology: {
        classRef: { name: className },
        version: release.kubernetesVersion,
        controlPlane: { replicas: controlPlane },
        workers: { machineDeployments: [{ class: "default-worker", name: "md-0", replicas: workers }] },
      },
    },
  };
}

/** Creates a team namespace with its label, role bindings to the team's groups and its cluster quota. */
export async function applyTeamNamespace(
  creds: KubeCredentials,
  team: { slug: string; admins: string; members: string; viewers: string; clusterQuota: number },
): Promise<void> {
  const ns = team.slug;
  await apply(creds, {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: ns, labels: { "kaas.scs.community/team": team.slug } },
  });
  for (const [role, groupName] of [
    ["admin", team.admins],
    ["member", team.members],
    ["viewer", team.viewers],
  ] as const) {
    await apply(creds, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: {
        name: `kaas:team-${role}`,
        namespace: ns,
        labels: { "kaas.scs.community/managed-by": "kaas-console" },
      },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `kaas:team-${role}` },
      subjects: [
        { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: `${GROUP_PREFIX}${groupName}` },
      ],
    });
  }
  await apply(creds, {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: { name: "kaas-clusters", namespace: ns },
    spec: { hard: { "count/clusters.cluster.x-k8s.io": String(team.clusterQuota) } },
  });
  await waitQuotaComputed(creds, ns, "kaas-clusters");
}

/** Quota admission refuses creates until kube-controller-manager has filled the quota's status. */
export async function waitQuotaComputed(creds: KubeCredentials, ns: string, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await kubeRequest(creds, "GET", `/api/v1/namespaces/${ns}/resourcequotas/${name}`);
    const st = (res.body as { status?: { hard?: Record<string, string>; used?: Record<string, string> } })
      .status;
    if (st?.used && st.hard && Object.keys(st.hard).every((k) => k in (st.used ?? {}))) return;
    if (Date.now() > deadline) throw new Error(`ResourceQuota ${ns}/${name} not computed after 60s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Applies the content of one team namespace: classes, templates and Cluster Stacks objects. */
export async function applyTeamContent(creds: KubeCredentials, ns: string): Promise<void> {
  for (const o of templates(ns)) await apply(creds, o);
  for (const r of DEMO_RELEASES) await apply(creds, clusterClass(ns, r.className, r.kubernetesVersion));
  const { objects, statuses } = stackObjects(ns);
  for (const o of objects) await apply(creds, o);
  for (const s of statuses) await applyStatus(creds, s);
}

/** The teams offered the starter add-on catalog (team-b is not: its forms show no add-ons). */
export const DEMO_ADDON_TEAMS = ["team-a"] as const;

/**
 * The starter catalog's HelmChartProxies in a team namespace, as a platform admin offering every
 * entry on /admin would write them.
 */
export function catalogProxies(ns: string): KubeObject[] {
  const file = join(import.meta.dirname, "..", "..", "config", "addons-catalog.yaml");
  const catalog = addonCatalogSchema.parse(parse(readFileSync(file, "utf8")));
  return catalog.addons.map((d) => chartProxyFor(d, ns, { ...CONSOLE_LABELS }) as unknown as KubeObject);
}

/** Seeds the demo content into the running plane. */
export async function seedDemo(log: (m: string) => void = console.log): Promise<void> {
  const creds = adminCredentials();
  for (const team of DEMO_TEAMS) {
    await applyTeamNamespace(creds, team);
    await applyTeamContent(creds, team.slug);
  }
  for (const ns of DEMO_ADDON_TEAMS) for (const p of catalogProxies(ns)) await apply(creds, p);
  let created = 0;
  for (const c of DEMO_CLUSTERS) {
    if (await createIfAbsent(creds, demoCluster(c.namespace, c.name, c.className, c.workers))) created++;
  }
  log(`seed: teams ${DEMO_TEAMS.map((t) => t.slug).join(", ")}; ${created} demo cluster(s) created`);
}
