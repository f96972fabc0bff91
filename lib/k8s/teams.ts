import "server-only";
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { classTemplateRefs, type TemplateRef } from "../capi/class-templates.ts";
import { apisAs } from "./client.ts";
import { KubeError, kubeCall } from "./errors.ts";
import type { KubeIdentity } from "./identity.ts";
import { identityPrefixes } from "./identity.ts";
import { RESOURCES } from "./resources.ts";
import type { KubeList, ObjectMeta } from "./types.ts";

/**
 * What creating, configuring and archiving a team writes on the management cluster: the labelled
 * namespace, the `kaas:team-*` RoleBindings to the team's groups, and the cluster ResourceQuota.
 * Every call impersonates the platform admin, so their `kaas:platform-admin` ClusterRole decides.
 * Writes are server-side applies by one field manager: a retry after a partial failure converges.
 */

export const TEAM_LABEL = "kaas.scs.community/team";
export const CLUSTER_QUOTA_NAME = "kaas-clusters";
const CLUSTER_COUNT = "count/clusters.cluster.x-k8s.io";
const FIELD_MANAGER = "kaas-console";
const MANAGED_LABELS = {
  "app.kubernetes.io/managed-by": "kaas-console",
  // The seed's label, kept so the console and the seed manage the same bindings.
  "kaas.scs.community/managed-by": "kaas-console",
};
export const TEAM_ROLES = ["admin", "member", "viewer"] as const;
export type TeamRoleName = (typeof TEAM_ROLES)[number];

const apply = setHeaderOptions("Content-Type", PatchStrategy.ServerSideApply);

function isNotFound(err: unknown): boolean {
  return err instanceof KubeError && err.status === 404;
}

/**
 * Creates (or adopts) the team's namespace with its team label. A namespace that exists without
 * this team's label is refused: a team must never take over `kube-system` or another team.
 */
export async function applyTeamNamespace(
  identity: KubeIdentity,
  namespace: string,
  slug: string,
): Promise<void> {
  const { core } = apisAs(identity);
  try {
    const ns = await kubeCall(() => core.readNamespace({ name: namespace }));
    const label = ns.metadata?.labels?.[TEAM_LABEL];
    if (label !== slug) {
      throw new KubeError(
        409,
        "AlreadyExists",
        `namespace ${namespace} already exists and does not belong to team ${slug}`,
      );
    }
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  await kubeCall(() =>
    core.patchNamespace(
      {
        name: namespace,
        body: {
          apiVersion: "v1",
          kind: "Namespace",
          metadata: { name: namespace, labels: { [TEAM_LABEL]: slug } },
        },
        fieldManager: FIELD_MANAGER,
        force: true,
      },
      apply,
    ),
  );
}

/**
 * Makes the `kaas:team-<role>` RoleBindings name exactly `groups[role]` (OIDC group names, without
 * prefix); a role without groups has no binding. This is what grants team membership.
 */
export async function applyTeamRoleBindings(
  identity: KubeIdentity,
  namespace: string,
  groups: Record<TeamRoleName, readonly string[]>,
): Promise<void> {
  const { rbac } = apisAs(identity);
  const prefix = identityPrefixes().group;
  for (const role of TEAM_ROLES) {
    const name = `kaas:team-${role}`;
    const list = groups[role];
    if (list.length === 0) {
      try {
        await kubeCall(() => rbac.deleteNamespacedRoleBinding({ name, namespace }));
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      continue;
    }
    await kubeCall(() =>
      rbac.patchNamespacedRoleBinding(
        {
          name,
          namespace,
          body: {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "RoleBinding",
            metadata: { name, namespace, labels: MANAGED_LABELS },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
            subjects: list.map((g) => ({
              apiGroup: "rbac.authorization.k8s.io",
              kind: "Group",
              name: `${prefix}${g}`,
            })),
          },
          fieldManager: FIELD_MANAGER,
          force: true,
        },
        apply,
      ),
    );
  }
}

/** The groups (without prefix) each `kaas:team-*` RoleBinding of the namespace names. */
export async function readTeamRoleBindings(
  identity: KubeIdentity,
  namespace: string,
): Promise<Record<TeamRoleName, string[]>> {
  const { rbac } = apisAs(identity);
  const prefix = identityPrefixes().group;
  const list = await kubeCall(() => rbac.listNamespacedRoleBinding({ namespace }));
  const out: Record<TeamRoleName, string[]> = { admin: [], member: [], viewer: [] };
  for (const role of TEAM_ROLES) {
    const rb = list.items.find((b) => b.metadata?.name === `kaas:team-${role}`);
    out[role] = (rb?.subjects ?? [])
      .filter((s) => s.kind === "Group" && s.name.startsWith(prefix))
      .map((s) => s.name.slice(prefix.length));
  }
  return out;
}

/** Sets the team's cluster quota (`null`: no quota); see {@link waitClusterQuota}. */
export async function applyClusterQuota(
  identity: KubeIdentity,
  namespace: string,
  maxClusters: number | null,
): Promise<void> {
  const { core } = apisAs(identity);
  if (maxClusters === null) {
    try {
      await kubeCall(() => core.deleteNamespacedResourceQuota({ name: CLUSTER_QUOTA_NAME, namespace }));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return;
  }
  const hard = String(maxClusters);
  await kubeCall(() =>
    core.patchNamespacedResourceQuota(
      {
        name: CLUSTER_QUOTA_NAME,
        namespace,
        body: {
          apiVersion: "v1",
          kind: "ResourceQuota",
          metadata: { name: CLUSTER_QUOTA_NAME, namespace, labels: MANAGED_LABELS },
          spec: { hard: { [CLUSTER_COUNT]: hard } },
        },
        fieldManager: FIELD_MANAGER,
        force: true,
      },
      apply,
    ),
  );
}

/**
 * Waits until quota admission enforces the cluster quota `maxClusters`: until
 * kube-controller-manager has computed a new quota's status, every create is refused. Answers
 * whether it did within `timeoutMs`. Call it outside a database transaction: it can take seconds.
 */
export async function waitClusterQuota(
  identity: KubeIdentity,
  namespace: string,
  maxClusters: number | null,
  timeoutMs = 30_000,
): Promise<boolean> {
  if (maxClusters === null) return true;
  const { core } = apisAs(identity);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const q = await kubeCall(() => core.readNamespacedResourceQuota({ name: CLUSTER_QUOTA_NAME, namespace }));
    if (
      q.status?.hard?.[CLUSTER_COUNT] === String(maxClusters) &&
      q.status.used?.[CLUSTER_COUNT] !== undefined
    )
      return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export type ClusterQuotaUse = { used: number | null; hard: number | null };

/** Every team's cluster quota use, by namespace, in one call. */
export async function listClusterQuotas(identity: KubeIdentity): Promise<Map<string, ClusterQuotaUse>> {
  const list = await kubeCall(() =>
    apisAs(identity).core.listResourceQuotaForAllNamespaces({
      fieldSelector: `metadata.name=${CLUSTER_QUOTA_NAME}`,
    }),
  );
  const num = (v: string | undefined) => (v === undefined ? null : Number(v));
  return new Map(
    list.items.map((q) => [
      q.metadata?.namespace ?? "",
      { used: num(q.status?.used?.[CLUSTER_COUNT]), hard: num(q.spec?.hard?.[CLUSTER_COUNT]) },
    ]),
  );
}

/** How many Clusters each namespace holds (deleting ones included), in one call. */
export async function countClustersByNamespace(identity: KubeIdentity): Promise<Map<string, number>> {
  const r = RESOURCES.clusters;
  const list = (await kubeCall(() =>
    apisAs(identity).custom.listCustomObjectForAllNamespaces({
      group: r.group,
      version: r.version,
      resourcePlural: r.plural,
    }),
  )) as KubeList<{ metadata: ObjectMeta }>;
  const counts = new Map<string, number>();
  for (const c of list.items) {
    const ns = c.metadata.namespace ?? "";
    counts.set(ns, (counts.get(ns) ?? 0) + 1);
  }
  return counts;
}

type Unstructured = {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta & Record<string, unknown>;
  spec?: Record<string, unknown>;
};

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  return { group: group ?? "", version: version ?? "" };
}

// Template CRDs follow the Kubernetes convention: plural = lowercased kind + "s".
const pluralOf = (kind: string) => `${kind.toLowerCase()}s`;

/** A copy of an object for another namespace: spec, labels and annotations only. */
function copyFor(obj: Unstructured, namespace: string): Unstructured {
  const { labels, annotations } = obj.metadata;
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    metadata: {
      name: obj.metadata.name,
      namespace,
      ...(labels ? { labels } : {}),
      ...(annotations ? { annotations } : {}),
    },
    ...(obj.spec ? { spec: obj.spec } : {}),
  };
}

/**
 * Copies a ClusterClass and every template it references from namespace `from` to `to`, as the
 * user. Templates go first, so the class never points at missing templates; if the class is
 * refused, the templates this call created are deleted again. Returns the copied object names.
 */
export async function copyClusterClass(
  identity: KubeIdentity,
  args: { from: string; to: string; name: string },
): Promise<{ templates: string[] }> {
  const { custom } = apisAs(identity);
  const cc = RESOURCES.clusterClasses;
  const source = (await kubeCall(() =>
    custom.getNamespacedCustomObject({
      group: cc.group,
      version: cc.version,
      namespace: args.from,
      plural: cc.plural,
      name: args.name,
    }),
  )) as Unstructured;
  const refs = classTemplateRefs(source.spec);
  const created: { ref: TemplateRef; group: string; version: string }[] = [];
  try {
    for (const ref of refs) {
      const { group, version } = splitApiVersion(ref.apiVersion);
      const plural = pluralOf(ref.kind);
      const template = (await kubeCall(() =>
        custom.getNamespacedCustomObject({ group, version, namespace: args.from, plural, name: ref.name }),
      )) as Unstructured;
      let existed = true;
      try {
        await kubeCall(() =>
          custom.getNamespacedCustomObject({ group, version, namespace: args.to, plural, name: ref.name }),
        );
      } catch (err) {
        if (!isNotFound(err)) throw err;
        existed = false;
      }
      await kubeCall(() =>
        custom.patchNamespacedCustomObject(
          {
            group,
            version,
            namespace: args.to,
            plural,
            name: ref.name,
            body: copyFor(template, args.to),
            fieldManager: FIELD_MANAGER,
            force: true,
          },
          apply,
        ),
      );
      if (!existed) created.push({ ref, group, version });
    }
    await kubeCall(() =>
      custom.patchNamespacedCustomObject(
        {
          group: cc.group,
          version: cc.version,
          namespace: args.to,
          plural: cc.plural,
          name: args.name,
          body: copyFor(source, args.to),
          fieldManager: FIELD_MANAGER,
          force: true,
        },
        apply,
      ),
    );
  } catch (err) {
    // Undo what this call made, so a refused copy leaves the namespace as it was.
    for (const c of created.reverse()) {
      await kubeCall(() =>
        custom.deleteNamespacedCustomObject({
          group: c.group,
          version: c.version,
          namespace: args.to,
          plural: pluralOf(c.ref.kind),
          name: c.ref.name,
        }),
      ).catch(() => undefined);
    }
    throw err;
  }
  return { templates: refs.map((r) => `${r.kind}/${r.name}`) };
}

/** ClusterClass names by namespace, across all namespaces, in one call: sources to copy from. */
export async function clusterClassNamesByNamespace(identity: KubeIdentity): Promise<Map<string, string[]>> {
  const r = RESOURCES.clusterClasses;
  const list = (await kubeCall(() =>
    apisAs(identity).custom.listCustomObjectForAllNamespaces({
      group: r.group,
      version: r.version,
      resourcePlural: r.plural,
    }),
  )) as KubeList<{ metadata: ObjectMeta }>;
  const out = new Map<string, string[]>();
  for (const c of list.items) {
    const ns = c.metadata.namespace ?? "";
    out.set(ns, [...(out.get(ns) ?? []), c.metadata.name].sort());
  }
  return out;
}
