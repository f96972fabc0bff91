import "server-only";
import { ActionError } from "@/lib/errors.ts";
import { isNotFound, KubeError } from "@/lib/k8s/errors.ts";
import { identityPrefixes, type KubeIdentity } from "@/lib/k8s/identity.ts";
import { CONSOLE_LABELS, RBAC_GROUP, TEAM_LABEL, teamRoleName } from "@/lib/k8s/names.ts";
import { applyNamespaceAs, deleteNamespaceAs, namespaceLabelsAs } from "@/lib/k8s/namespaces.ts";
import { applyRoleBindingAs, deleteRoleBindingAs, listRoleBindingsAs } from "@/lib/k8s/role-bindings.ts";
import type { RoleBindingLike } from "@/lib/k8s/types.ts";
import { logger } from "@/lib/logger.ts";
import { applyClusterQuota } from "./quotas.ts";
import { TEAM_ROLES, type TeamRole, ungrantableReason } from "./roles.ts";

/**
 * What creating, configuring and archiving a team writes on the management cluster: the labelled
 * namespace, the `kaas:team-<role>` RoleBindings to the team's groups, and the cluster quota.
 * Every call impersonates the platform admin, so their `kaas:platform-admin` ClusterRole decides.
 * Writes are server-side applies by one field manager: a retry after a partial failure converges.
 */

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
async function applyTeamNamespace(
  identity: KubeIdentity,
  namespace: string,
  slug: string,
): Promise<{ created: boolean }> {
  const labels = await namespaceLabelsAs(identity, namespace);
  if (labels && labels[TEAM_LABEL] !== slug) throw new NamespaceTakenError(namespace, slug);
  await applyNamespaceAs(identity, namespace, { [TEAM_LABEL]: slug });
  return { created: labels === null };
}

/** The team's group bindings, `kaas:team-<role>`, as they are (null: none), to put back later. */
type GroupBindings = Record<TeamRole, RoleBindingLike | null>;

const NO_BINDINGS: GroupBindings = { admin: null, member: null, viewer: null };

async function readGroupBindings(identity: KubeIdentity, namespace: string): Promise<GroupBindings> {
  const list = await listRoleBindingsAs(identity, namespace);
  const find = (role: TeamRole) => list.find((b) => b.metadata.name === teamRoleName(role)) ?? null;
  return { admin: find("admin"), member: find("member"), viewer: find("viewer") };
}

/** What a role's group binding should hold: labels, role and subjects; null: no binding. */
type GroupBinding =
  | (Pick<RoleBindingLike, "roleRef" | "subjects"> & { labels: Record<string, string> })
  | null;

/**
 * Writes the group bindings of `roles` one by one, in role order, as `want` says (null: deleted,
 * one gone already is fine), adding each role to `touched` once it is written.
 */
async function putGroupBindings(
  identity: KubeIdentity,
  namespace: string,
  want: (role: TeamRole) => GroupBinding,
  roles: readonly TeamRole[] = TEAM_ROLES,
  touched: TeamRole[] = [],
): Promise<void> {
  for (const role of roles) {
    const name = teamRoleName(role);
    const binding = want(role);
    if (binding) await applyRoleBindingAs(identity, namespace, { name, ...binding });
    else
      await deleteRoleBindingAs(identity, namespace, name).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
    touched.push(role);
  }
}

/**
 * Puts the bindings of `roles` back as the snapshot holds them: subjects and labels as they were,
 * absent ones deleted.
 */
function restoreGroupBindings(
  identity: KubeIdentity,
  namespace: string,
  snapshot: GroupBindings,
  roles: readonly TeamRole[] = TEAM_ROLES,
): Promise<void> {
  return putGroupBindings(
    identity,
    namespace,
    (role) => {
      const before = snapshot[role];
      return before && { ...before, labels: before.metadata.labels ?? CONSOLE_LABELS };
    },
    roles,
  );
}

/**
 * Runs `change`; when it throws, puts the bindings of `undo.roles` (read once `change` has failed,
 * so it may list what `change` got to) back as `undo.before` holds them, best effort and logged as
 * `undo.event`, and rethrows.
 */
async function restoredOnFailure(
  identity: KubeIdentity,
  namespace: string,
  undo: { before: GroupBindings; roles: readonly TeamRole[]; event: string },
  change: () => Promise<void>,
): Promise<void> {
  try {
    await change();
  } catch (err) {
    await restoreGroupBindings(identity, namespace, undo.before, undo.roles).catch((e: unknown) =>
      logger.warn(
        { event: undo.event, namespace, err: (e as Error).message },
        "putting back the team's role bindings failed",
      ),
    );
    throw err;
  }
}

/**
 * Makes the `kaas:team-<role>` RoleBindings name exactly `groups[role]` (OIDC group names, without
 * prefix); a role without groups has no binding. This is what grants team membership. The three
 * bindings are written one by one, in role order: when one write is refused, the ones already
 * written are put back as they were (best effort, logged), so the namespace never keeps half of a
 * change.
 */
export async function applyTeamRoleBindings(
  identity: KubeIdentity,
  namespace: string,
  groups: Record<TeamRole, readonly string[]>,
): Promise<void> {
  const prefixes = identityPrefixes();
  const prefix = prefixes.group;
  // Checked right before writing, whatever the caller validated: see ungrantableReason.
  for (const role of TEAM_ROLES) {
    for (const g of groups[role]) {
      const reason = ungrantableReason("Group", `${prefix}${g}`, prefixes);
      if (reason) throw new ActionError(reason, { [`${role}Groups`]: reason });
    }
  }
  const before = await readGroupBindings(identity, namespace);
  const touched: TeamRole[] = [];
  await restoredOnFailure(
    identity,
    namespace,
    { before, roles: touched, event: "team.rolebindings.undo" },
    () =>
      putGroupBindings(
        identity,
        namespace,
        (role) =>
          groups[role].length === 0
            ? null
            : {
                labels: CONSOLE_LABELS,
                roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: teamRoleName(role) },
                subjects: groups[role].map((g) => ({
                  apiGroup: RBAC_GROUP,
                  kind: "Group",
                  name: `${prefix}${g}`,
                })),
              },
        TEAM_ROLES,
        touched,
      ),
  );
}

/** The groups (without prefix) each `kaas:team-<role>` RoleBinding of the namespace names. */
export async function readTeamRoleBindings(
  identity: KubeIdentity,
  namespace: string,
): Promise<Record<TeamRole, string[]>> {
  const prefix = identityPrefixes().group;
  const bindings = await readGroupBindings(identity, namespace);
  const groupsOf = (role: TeamRole) =>
    (bindings[role]?.subjects ?? [])
      .filter((s) => s.kind === "Group" && s.name.startsWith(prefix))
      .map((s) => s.name.slice(prefix.length));
  return { admin: groupsOf("admin"), member: groupsOf("member"), viewer: groupsOf("viewer") };
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
  const before = await readGroupBindings(identity, namespace);
  await applyTeamRoleBindings(identity, namespace, { admin: [], member: [], viewer: [] });
  await restoredOnFailure(
    identity,
    namespace,
    { before, roles: TEAM_ROLES, event: "team.access.undo" },
    confirm,
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
  const before = created ? NO_BINDINGS : await readGroupBindings(identity, namespace);
  try {
    await applyTeamRoleBindings(identity, namespace, args.groups);
    await applyClusterQuota(identity, namespace, args.maxClusters);
  } catch (err) {
    const undoFailed = (step: string) => (e: unknown) =>
      logger.warn(
        { event: "team.provision.undo", namespace, step, err: (e as Error).message },
        "undoing a refused team create failed",
      );
    await restoreGroupBindings(identity, namespace, before).catch(undoFailed("rolebindings"));
    if (created) await deleteNamespaceAs(identity, namespace).catch(undoFailed("namespace"));
    throw err;
  }
}
