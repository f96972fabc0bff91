import "server-only";
import { PatchStrategy, setHeaderOptions, type V1RoleBinding } from "@kubernetes/client-node";
import { classTemplateRefs, isCopyableTemplateRef } from "../capi/class-templates.ts";
import { logger } from "../logger.ts";
import { apisAs } from "./client.ts";
import { KubeError, kubeCall } from "./errors.ts";
import type { KubeIdentity } from "./identity.ts";
import { identityPrefixes } from "./identity.ts";
import {
  CLUSTER_COUNT,
  CLUSTER_QUOTA,
  CONSOLE_LABELS,
  FIELD_MANAGER,
  RBAC_GROUP,
  TEAM_LABEL,
  teamRoleName,
} from "./names.ts";
import { RESOURCES } from "./resources.ts";
import { TEAM_ROLES, type TeamRole } from "./team-roles.ts";
import type { KubeList, ObjectMeta } from "./types.ts";

/**
 * What creating, configuring and archiving a team writes on the management cluster: the labelled
 * namespace, the `kaas:team-*` RoleBindings to the team's groups, and the cluster ResourceQuota.
 * Every call impersonates the platform admin, so their `kaas:platform-admin` ClusterRole decides.
 * Writes are server-side applies by one field manager: a retry after a partial failure converges.
 */

const apply = setHeaderOptions("Content-Type", PatchStrategy.ServerSideApply);

function isNotFound(err: unknown): boolean {
  return err instanceof KubeError && err.status === 404;
}

/** A namespace that exists already and is not labelled as this team's (a system or other team's). */
export class NamespaceTakenError extends KubeError {
  readonly namespace: string;

  constructor(namespace: string, slug: string) {
    super(409, "AlreadyExists", `namespace ${namespace} already exists and does not belong to team ${slug}`);
    this.name = "NamespaceTakenError";
    this.namespace = namespace;
  }
}

/**
 * Creates (or adopts) the team's namespace with its team label, and says whether this call
 * created it. A namespace that exists without this team's label is refused with a
 * {@link NamespaceTakenError}: a team must never take over `kube-system` or another team.
 */
export async function applyTeamNamespace(
  identity: KubeIdentity,
  namespace: string,
  slug: string,
): Promise<{ created: boolean }> {
  const { core } = apisAs(identity);
  let created = false;
  try {
    const ns = await kubeCall(() => core.readNamespace({ name: namespace }));
    const label = ns.metadata?.labels?.[TEAM_LABEL];
    if (label !== slug) throw new NamespaceTakenError(namespace, slug);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    created = true;
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
  return { created };
}

type RoleBindingSnapshot = Record<TeamRole, V1RoleBinding | null>;

/** The `kaas:team-*` RoleBindings of the namespace as they are (null: none), to put back later. */
async function snapshotTeamRoleBindings(
  identity: KubeIdentity,
  namespace: string,
): Promise<RoleBindingSnapshot> {
  const list = await kubeCall(() => apisAs(identity).rbac.listNamespacedRoleBinding({ namespace }));
  const find = (role: TeamRole) => list.items.find((b) => b.metadata?.name === teamRoleName(role)) ?? null;
  return { admin: find("admin"), member: find("member"), viewer: find("viewer") };
}

/** Deletes a RoleBinding; one that is gone already is fine. */
async function deleteRoleBinding(identity: KubeIdentity, namespace: string, name: string): Promise<void> {
  try {
    await kubeCall(() => apisAs(identity).rbac.deleteNamespacedRoleBinding({ name, namespace }));
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** Server-side applies one RoleBinding as the console's field manager. */
async function applyRoleBinding(
  identity: KubeIdentity,
  namespace: string,
  binding: Pick<V1RoleBinding, "roleRef" | "subjects"> & { name: string; labels: Record<string, string> },
): Promise<void> {
  const { name, labels, roleRef, subjects } = binding;
  await kubeCall(() =>
    apisAs(identity).rbac.patchNamespacedRoleBinding(
      {
        name,
        namespace,
        body: {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "RoleBinding",
          metadata: { name, namespace, labels },
          roleRef,
          subjects: subjects ?? [],
        },
        fieldManager: FIELD_MANAGER,
        force: true,
      },
      apply,
    ),
  );
}

/**
 * Puts the bindings of `roles` back as the snapshot holds them: subjects and labels as they were,
 * absent ones deleted.
 */
async function restoreTeamRoleBindings(
  identity: KubeIdentity,
  namespace: string,
  snapshot: RoleBindingSnapshot,
  roles: readonly TeamRole[] = TEAM_ROLES,
): Promise<void> {
  for (const role of roles) {
    const name = teamRoleName(role);
    const before = snapshot[role];
    if (!before) await deleteRoleBinding(identity, namespace, name);
    else
      await applyRoleBinding(identity, namespace, {
        name,
        labels: before.metadata?.labels ?? CONSOLE_LABELS,
        roleRef: before.roleRef,
        subjects: before.subjects,
      });
  }
}

/**
 * Makes the `kaas:team-<role>` RoleBindings name exactly `groups[role]` (OIDC group names, without
 * prefix); a role without groups has no binding. This is what grants team membership. The three
 * bindings are written one by one: when one write is refused, the ones already written are put
 * back as they were (best effort, logged), so the namespace never keeps half of a change.
 */
export async function applyTeamRoleBindings(
  identity: KubeIdentity,
  namespace: string,
  groups: Record<TeamRole, readonly string[]>,
): Promise<void> {
  const before = await snapshotTeamRoleBindings(identity, namespace);
  const touched: TeamRole[] = [];
  try {
    await writeTeamRoleBindings(identity, namespace, groups, touched);
  } catch (err) {
    await restoreTeamRoleBindings(identity, namespace, before, touched).catch((undo: unknown) =>
      logger.warn(
        { event: "team.rolebindings.undo", namespace, err: (undo as Error).message },
        "putting back the team's role bindings failed",
      ),
    );
    throw err;
  }
}

/** Writes the bindings in role order, adding each role to `touched` once it is written. */
async function writeTeamRoleBindings(
  identity: KubeIdentity,
  namespace: string,
  groups: Record<TeamRole, readonly string[]>,
  touched: TeamRole[],
): Promise<void> {
  const prefix = identityPrefixes().group;
  for (const role of TEAM_ROLES) {
    const name = teamRoleName(role);
    const list = groups[role];
    if (list.length === 0) await deleteRoleBinding(identity, namespace, name);
    else
      await applyRoleBinding(identity, namespace, {
        name,
        labels: CONSOLE_LABELS,
        roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name },
        subjects: list.map((g) => ({
          apiGroup: RBAC_GROUP,
          kind: "Group",
          name: `${prefix}${g}`,
        })),
      });
    touched.push(role);
  }
}

/**
 * Ends every group's access to the team namespace (its `kaas:team-*` RoleBindings go), then runs
 * `confirm`, which can now rely on nobody changing the namespace through a team role. When
 * `confirm` throws, the bindings are put back as they were (best effort, logged) and the error is
 * rethrown. For archiving: check that the team has no clusters after access has ended, so none
 * can be created between the check and the archive.
 */
export async function removeTeamAccess(
  identity: KubeIdentity,
  namespace: string,
  confirm: () => Promise<void>,
): Promise<void> {
  const before = await snapshotTeamRoleBindings(identity, namespace);
  await applyTeamRoleBindings(identity, namespace, { admin: [], member: [], viewer: [] });
  try {
    await confirm();
  } catch (err) {
    await restoreTeamRoleBindings(identity, namespace, before).catch((undo: unknown) =>
      logger.warn(
        { event: "team.access.undo", namespace, err: (undo as Error).message },
        "putting back the team's role bindings failed",
      ),
    );
    throw err;
  }
}

/** The groups (without prefix) each `kaas:team-*` RoleBinding of the namespace names. */
export async function readTeamRoleBindings(
  identity: KubeIdentity,
  namespace: string,
): Promise<Record<TeamRole, string[]>> {
  const { rbac } = apisAs(identity);
  const prefix = identityPrefixes().group;
  const list = await kubeCall(() => rbac.listNamespacedRoleBinding({ namespace }));
  const out: Record<TeamRole, string[]> = { admin: [], member: [], viewer: [] };
  for (const role of TEAM_ROLES) {
    const rb = list.items.find((b) => b.metadata?.name === teamRoleName(role));
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
      await kubeCall(() => core.deleteNamespacedResourceQuota({ name: CLUSTER_QUOTA, namespace }));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return;
  }
  const hard = String(maxClusters);
  await kubeCall(() =>
    core.patchNamespacedResourceQuota(
      {
        name: CLUSTER_QUOTA,
        namespace,
        body: {
          apiVersion: "v1",
          kind: "ResourceQuota",
          metadata: { name: CLUSTER_QUOTA, namespace, labels: CONSOLE_LABELS },
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
 * Sets a new team up on the management cluster: its labelled namespace, its role bindings and its
 * cluster quota, as the platform admin. When a step is refused, what this call did is undone
 * (best effort, logged): the bindings are put back as they were before (none, in a namespace this
 * call created), so a refused create grants no group access to a team that does not exist; then
 * a namespace this call created is deleted, where the admin may delete namespaces (the
 * `kaas:platform-admin` role may not: the namespace then stays, labelled and empty, and a retry
 * adopts it).
 * @throws {NamespaceTakenError} when the namespace exists and is not this team's.
 */
export async function provisionTeam(
  identity: KubeIdentity,
  args: {
    namespace: string;
    slug: string;
    groups: Record<TeamRole, readonly string[]>;
    maxClusters: number | null;
  },
): Promise<void> {
  const { namespace } = args;
  const { created } = await applyTeamNamespace(identity, namespace, args.slug);
  const none: RoleBindingSnapshot = { admin: null, member: null, viewer: null };
  const before = created ? none : await snapshotTeamRoleBindings(identity, namespace);
  try {
    await applyTeamRoleBindings(identity, namespace, args.groups);
    await applyClusterQuota(identity, namespace, args.maxClusters);
  } catch (err) {
    const undoFailed = (step: string) => (e: unknown) =>
      logger.warn(
        { event: "team.provision.undo", namespace, step, err: (e as Error).message },
        "undoing a refused team create failed",
      );
    await restoreTeamRoleBindings(identity, namespace, before).catch(undoFailed("rolebindings"));
    if (created) {
      await kubeCall(() => apisAs(identity).core.deleteNamespace({ name: namespace })).catch(
        undoFailed("namespace"),
      );
    }
    throw err;
  }
}

/**
 * Waits until quota admission enforces the cluster quota `maxClusters`: until
 * kube-controller-manager has computed a new quota's status, every create is refused. Answers
 * whether it did within `timeoutMs`; a quota that cannot be read answers false (logged) rather
 * than throwing, because the change it follows is made and audited already, and must not be
 * reported as failed. Call it outside a database transaction: it can take seconds.
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
    let q: Awaited<ReturnType<typeof core.readNamespacedResourceQuota>>;
    try {
      q = await kubeCall(() => core.readNamespacedResourceQuota({ name: CLUSTER_QUOTA, namespace }));
    } catch (err) {
      logger.warn(
        { event: "team.quota.wait", namespace, err: (err as Error).message },
        "reading the cluster quota failed",
      );
      return false;
    }
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
      fieldSelector: `metadata.name=${CLUSTER_QUOTA}`,
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

/** JSON with object keys sorted, so two copies of one object compare equal as text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/**
 * The target namespace holds an object of this name already with another spec: a copy would
 * overwrite it (and roll out every cluster using it), so the copy is refused instead.
 */
export class CopyConflictError extends KubeError {
  readonly kind: string;
  readonly objectName: string;

  constructor(kind: string, name: string, namespace: string) {
    super(409, "AlreadyExists", `${kind} ${name} exists in ${namespace} already with another spec`);
    this.name = "CopyConflictError";
    this.kind = kind;
    this.objectName = name;
  }
}

/**
 * Copies a ClusterClass and every template it references from namespace `from` to `to`, as the
 * user. Everything is read first: an object that exists in `to` already with the same spec is
 * left as it is (so a repeated copy changes nothing), one with another spec refuses the whole
 * copy with a {@link CopyConflictError} before anything is written. Templates are written before
 * the class, so the class never points at missing templates; if a write is refused, the
 * templates this call created are deleted again. Returns the names of the class's templates.
 */
export async function copyClusterClass(
  identity: KubeIdentity,
  args: { from: string; to: string; name: string },
): Promise<{ templates: string[] }> {
  const { custom } = apisAs(identity);
  const cc = RESOURCES.clusterClasses;
  type Target = { group: string; version: string; plural: string; name: string };
  const read = async (t: Target, namespace: string): Promise<Unstructured | null> => {
    try {
      return (await kubeCall(() => custom.getNamespacedCustomObject({ ...t, namespace }))) as Unstructured;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  };
  /** What must be written: null when `to` holds the same object already. */
  const plan = async (t: Target, kind: string): Promise<{ target: Target; body: Unstructured } | null> => {
    const source = await read(t, args.from);
    if (!source) throw new KubeError(404, "NotFound", `${kind} ${t.name} not found in ${args.from}`);
    const existing = await read(t, args.to);
    if (!existing) return { target: t, body: copyFor(source, args.to) };
    if (canonicalJson(existing.spec) === canonicalJson(source.spec)) return null;
    throw new CopyConflictError(kind, t.name, args.to);
  };

  const classTarget: Target = { group: cc.group, version: cc.version, plural: cc.plural, name: args.name };
  const classSource = await read(classTarget, args.from);
  if (!classSource)
    throw new KubeError(404, "NotFound", `ClusterClass ${args.name} not found in ${args.from}`);
  const refs = classTemplateRefs(classSource.spec);
  const foreign = refs.find((r) => !isCopyableTemplateRef(r));
  if (foreign)
    throw new KubeError(
      422,
      "Invalid",
      `ClusterClass ${args.name} references ${foreign.kind} ${foreign.name} (${foreign.apiVersion}), which is no Cluster API template, so it is not copied.`,
    );
  const templateWrites: { target: Target; body: Unstructured }[] = [];
  for (const ref of refs) {
    const { group, version } = splitApiVersion(ref.apiVersion);
    const write = await plan({ group, version, plural: pluralOf(ref.kind), name: ref.name }, ref.kind);
    if (write) templateWrites.push(write);
  }
  const classWrite = await plan(classTarget, "ClusterClass");

  const apply_ = (w: { target: Target; body: Unstructured }) =>
    kubeCall(() =>
      custom.patchNamespacedCustomObject(
        { ...w.target, namespace: args.to, body: w.body, fieldManager: FIELD_MANAGER, force: true },
        apply,
      ),
    );
  const created: Target[] = [];
  try {
    for (const w of templateWrites) {
      await apply_(w);
      created.push(w.target);
    }
    if (classWrite) await apply_(classWrite);
  } catch (err) {
    // Undo what this call made, so a refused copy leaves the namespace as it was.
    for (const t of created.reverse()) {
      await kubeCall(() => custom.deleteNamespacedCustomObject({ ...t, namespace: args.to })).catch(
        () => undefined,
      );
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
