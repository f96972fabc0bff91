/**
 * The names the console writes on the management cluster, in one place. A leaf module (no imports,
 * no `server-only`) because both sides need it: `lib/k8s` (every write's field manager, the watch
 * hub's team-namespace selector) and `lib/teams` (which bindings and quota make a team).
 * `dev/plane/seed.ts` and `e2e/support/` spell the same names out: keep them in step.
 */

/** The value of the managed-by labels on what the console writes. */
export const CONSOLE_MANAGER = "kaas-console";
/** The field manager of every console write: the same name as its managed-by label value. */
export const FIELD_MANAGER = CONSOLE_MANAGER;
/** Objects the console writes carry this label; a team-role binding without it was made elsewhere. */
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
/** The demo seed's earlier label for the platform's group bindings, still on running planes. */
export const LEGACY_MANAGED_BY_LABEL = "kaas.scs.community/managed-by";
/**
 * The labels of the team's group bindings and quota the console applies: both managed-by labels,
 * so the console and the seed manage the same bindings.
 */
export const CONSOLE_LABELS: Readonly<Record<string, string>> = {
  [MANAGED_BY_LABEL]: CONSOLE_MANAGER,
  [LEGACY_MANAGED_BY_LABEL]: CONSOLE_MANAGER,
};
/** Who last wrote a console binding (their Kubernetes user name) and when (RFC 3339). */
export const MADE_BY_ANNOTATION = "kaas.scs.community/made-by";
export const MADE_AT_ANNOTATION = "kaas.scs.community/made-at";

/** The label that makes a namespace a team namespace (its value: the team's slug). */
export const TEAM_LABEL = "kaas.scs.community/team";

/** The ResourceQuota that caps a team's clusters (kube-apiserver enforces it on create). */
export const CLUSTER_QUOTA = "kaas-clusters";
/** The quota's resource: Cluster API Clusters in the namespace. */
export const CLUSTER_COUNT = "count/clusters.cluster.x-k8s.io";

/** The API group of RoleBindings and of the ClusterRoles they refer to. */
export const RBAC_GROUP = "rbac.authorization.k8s.io";

/**
 * The ClusterRole of a team role, which is also the name of the team's RoleBinding for its groups
 * of that role (`kaas:team-admin`).
 */
export function teamRoleName<R extends string>(role: R): `kaas:team-${R}` {
  return `kaas:team-${role}`;
}
