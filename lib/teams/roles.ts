/**
 * What a team's RoleBindings mean, as pure functions: who holds which team role, which bindings
 * the console made, and the writes that give a subject exactly one role (or none). Kubernetes RBAC
 * is the one record of team membership. Client-safe: the members form reads the role list.
 */
import type { ActionWords } from "@/lib/errors.ts";
import type { KubeIdentity } from "@/lib/k8s/identity.ts";
import {
  CONSOLE_MANAGER,
  LEGACY_MANAGED_BY_LABEL,
  MADE_AT_ANNOTATION,
  MADE_BY_ANNOTATION,
  MANAGED_BY_LABEL,
  RBAC_GROUP,
  teamRoleName,
} from "@/lib/k8s/names.ts";
import type { RoleBindingLike, RoleBindingPlan } from "@/lib/k8s/types.ts";

export const TEAM_ROLES = ["admin", "member", "viewer"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

const RANK: Record<TeamRole, number> = { admin: 3, member: 2, viewer: 1 };

export type SubjectKind = "User" | "Group";

/** The team role a binding grants, or undefined when it is not a binding to a `kaas:team-*` ClusterRole. */
export function roleOfBinding(b: RoleBindingLike): TeamRole | undefined {
  if (b.roleRef?.kind !== "ClusterRole" || b.roleRef.apiGroup !== RBAC_GROUP) return undefined;
  const m = /^kaas:team-(admin|member|viewer)$/.exec(b.roleRef.name);
  return m ? (m[1] as TeamRole) : undefined;
}

/** The bindings that grant a team role (to a `kaas:team-*` ClusterRole); others are no membership. */
export function teamRoleBindings(bindings: readonly RoleBindingLike[]): RoleBindingLike[] {
  return bindings.filter((b) => roleOfBinding(b));
}

/** Whether the console wrote this binding (by its label). */
export function isConsoleManaged(b: RoleBindingLike): boolean {
  const l = b.metadata.labels ?? {};
  return l[MANAGED_BY_LABEL] === CONSOLE_MANAGER || l[LEGACY_MANAGED_BY_LABEL] === CONSOLE_MANAGER;
}

/** The weaker of two roles: what a token capped at `cap` may do with a user's role `held`. */
export function weakerRole(held: TeamRole, cap: TeamRole): TeamRole {
  return RANK[held] <= RANK[cap] ? held : cap;
}

/** Whether `role` is at least `needed` (admin > member > viewer). */
export function roleAtLeast(role: TeamRole, needed: TeamRole): boolean {
  return RANK[role] >= RANK[needed];
}

/** admin > member > viewer. */
export function strongerRole(a: TeamRole | undefined, b: TeamRole | undefined): TeamRole | undefined {
  if (!a) return b;
  if (!b) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The strongest team role `identity` holds through `bindings` (as User, or through one of its
 * groups), or undefined when none of them names it.
 */
export function strongestRoleOf(
  bindings: readonly RoleBindingLike[],
  identity: KubeIdentity,
): TeamRole | undefined {
  const groups = new Set(identity.groups);
  let role: TeamRole | undefined;
  for (const b of bindings) {
    const r = roleOfBinding(b);
    if (!r) continue;
    const hit = (b.subjects ?? []).some(
      (s) => (s.kind === "User" && s.name === identity.user) || (s.kind === "Group" && groups.has(s.name)),
    );
    if (hit) role = strongerRole(role, r);
  }
  return role;
}

/** One subject's grant through one binding. */
export type TeamGrant = {
  binding: string;
  role: TeamRole;
  managed: boolean;
  madeBy: string | null;
  madeAt: string | null;
};

/** A user or group holding a team role, with every binding that grants it one. */
export type TeamMember = {
  kind: SubjectKind;
  /** As the admin types it: the OIDC subject or group, without the identity prefix. */
  name: string;
  /** As the API server knows it (`oidc:dave`). */
  subject: string;
  /** The strongest of its grants. */
  role: TeamRole;
  /** Whether any of its bindings was made outside the console. */
  outside: boolean;
  grants: TeamGrant[];
};

export type Prefixes = { user: string; group: string };

const prefixOf = (kind: SubjectKind, p: Prefixes) => (kind === "User" ? p.user : p.group);

/** What may follow the identity prefix in a subject the console grants a role to. */
const GRANTABLE_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+:=/-]*$/;

/**
 * Why the console will not give a team role to `subject`, or null when it may. The console only
 * vouches for identities of its own identity provider: a User or Group under the configured prefix
 * (`oidc:` by default) with a plain name after it. Anything else (the API server's `system:`
 * users and groups, service accounts, names that only look prefixed) would grant the team's role
 * to principals no team admin can see, such as every authenticated user of the management cluster.
 * Bindings made outside the console stay visible and removable; this only stops new grants.
 * Answered as catalog words (`actionErrors`), for the refusal to be said in the reader's language.
 */
export function ungrantableReason(kind: SubjectKind, subject: string, p: Prefixes): ActionWords | null {
  const prefix = prefixOf(kind, p);
  const what = kind === "User" ? "users" : "groups";
  if (!prefix || prefix.startsWith("system:")) return { key: "noIdentityPrefix", values: {} };
  if (!subject.startsWith(prefix) || subject.startsWith("system:"))
    return { key: "notOfIdp", values: { what, prefix, subject } };
  if (!GRANTABLE_NAME.test(subject.slice(prefix.length)))
    return { key: "notIdpName", values: { what, name: subject.slice(prefix.length) } };
  return null;
}

/** The Kubernetes subject name for what an admin typed. */
export function subjectName(kind: SubjectKind, name: string, p: Prefixes): string {
  return `${prefixOf(kind, p)}${name}`;
}

/**
 * The members of a team from its RoleBindings: every User and Group subject of a `kaas:team-*`
 * binding, once each, sorted by kind then name. ServiceAccounts and other roles are not members.
 */
export function teamMembers(bindings: readonly RoleBindingLike[], p: Prefixes): TeamMember[] {
  const byKey = new Map<string, TeamMember>();
  for (const b of bindings) {
    const role = roleOfBinding(b);
    if (!role) continue;
    const managed = isConsoleManaged(b);
    const ann = b.metadata.annotations ?? {};
    for (const s of b.subjects ?? []) {
      if (s.kind !== "User" && s.kind !== "Group") continue;
      const kind = s.kind as SubjectKind;
      const prefix = prefixOf(kind, p);
      const key = `${kind}\u0000${s.name}`;
      let m = byKey.get(key);
      if (!m) {
        m = {
          kind,
          name: prefix && s.name.startsWith(prefix) ? s.name.slice(prefix.length) : s.name,
          subject: s.name,
          role,
          outside: false,
          grants: [],
        };
        byKey.set(key, m);
      }
      m.role = strongerRole(m.role, role) ?? role;
      m.outside ||= !managed;
      m.grants.push({
        binding: b.metadata.name ?? "",
        role,
        managed,
        madeBy: managed ? (ann[MADE_BY_ANNOTATION] ?? null) : null,
        madeAt: managed ? (ann[MADE_AT_ANNOTATION] ?? null) : null,
      });
    }
  }
  return [...byKey.values()].sort((a, b) =>
    a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === "Group" ? -1 : 1,
  );
}

/**
 * The name of the binding the console writes for one subject and role, with the identity prefix
 * left out for readability (`kaas:team-member:user:dave`).
 */
export function consoleBindingName(role: TeamRole, kind: SubjectKind, subject: string, p: Prefixes): string {
  const prefix = prefixOf(kind, p);
  const name = prefix && subject.startsWith(prefix) ? subject.slice(prefix.length) : subject;
  return `kaas:team-${role}:${kind.toLowerCase()}:${name}`;
}

/**
 * Plans the writes that leave a subject with exactly `role` (null: with no team role). The grant is written before any old
 * binding is touched, so a refusal half-way leaves the subject with at least its old access, never
 * with none. A subject that already holds `role` through some binding keeps that binding. Groups
 * join the team's `kaas:team-<role>` binding, the shape the platform's group mapping has; users get
 * a binding of their own (`kaas:team-<role>:user:<name>`).
 */
export function planMembership(
  bindings: readonly RoleBindingLike[],
  target: { kind: SubjectKind; subject: string; role: TeamRole | null },
  ctx: { namespace: string; prefixes: Prefixes; actor: string; now: Date },
): RoleBindingPlan {
  const { subject, role } = target;
  const names = (b: RoleBindingLike) =>
    (b.subjects ?? []).some((s) => s.kind === target.kind && s.name === subject);
  const holding = bindings.filter((b) => roleOfBinding(b) && names(b));
  const plan: RoleBindingPlan = { update: [], remove: [] };
  const made = { [MADE_BY_ANNOTATION]: ctx.actor, [MADE_AT_ANNOTATION]: ctx.now.toISOString() };
  const entry = { apiGroup: RBAC_GROUP, kind: target.kind, name: subject };
  if (role && !holding.some((b) => roleOfBinding(b) === role)) {
    const groupBinding = teamRoleName(role);
    const shared =
      target.kind === "Group"
        ? bindings.find((b) => b.metadata.name === groupBinding && roleOfBinding(b) === role)
        : undefined;
    if (shared) {
      // The team's `kaas:team-<role>` group binding, with the group added.
      plan.extend = {
        ...shared,
        metadata: { ...shared.metadata, annotations: { ...shared.metadata.annotations, ...made } },
        subjects: [...(shared.subjects ?? []), entry],
      };
    } else {
      const taken = bindings.some((b) => b.metadata.name === groupBinding) || target.kind === "User";
      plan.create = {
        apiVersion: `${RBAC_GROUP}/v1`,
        kind: "RoleBinding",
        metadata: {
          name: taken ? consoleBindingName(role, target.kind, subject, ctx.prefixes) : groupBinding,
          namespace: ctx.namespace,
          labels: { [MANAGED_BY_LABEL]: CONSOLE_MANAGER },
          annotations: made,
        },
        roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: teamRoleName(role) },
        subjects: [entry],
      };
    }
  }
  for (const b of holding) {
    if (roleOfBinding(b) === role) continue;
    const rest = (b.subjects ?? []).filter((s) => !(s.kind === target.kind && s.name === subject));
    if (rest.length === 0) {
      plan.remove.push({ name: b.metadata.name ?? "", resourceVersion: b.metadata.resourceVersion });
    } else {
      plan.update.push({ ...b, subjects: rest });
    }
  }
  return plan;
}

/** The bindings as they will be once `plan` is applied. */
export function applyPlan(bindings: readonly RoleBindingLike[], plan: RoleBindingPlan): RoleBindingLike[] {
  const gone = new Set(plan.remove.map((r) => r.name));
  const updated = new Map(
    [...plan.update, ...(plan.extend ? [plan.extend] : [])].map((b) => [b.metadata.name, b]),
  );
  const after = bindings
    .filter((b) => !gone.has(b.metadata.name ?? ""))
    .map((b) => updated.get(b.metadata.name) ?? b);
  return plan.create ? [...after, plan.create] : after;
}

/** How many users and groups hold the admin role through `bindings`. */
export function adminCount(bindings: readonly RoleBindingLike[], p: Prefixes): number {
  return teamMembers(bindings, p).filter((m) => m.role === "admin").length;
}

/**
 * Whether `plan` would leave a team that has an admin with none: the console refuses that, so a
 * team always keeps someone who can manage it.
 */
export function removesLastAdmin(
  bindings: readonly RoleBindingLike[],
  plan: RoleBindingPlan,
  p: Prefixes,
): boolean {
  return adminCount(bindings, p) > 0 && adminCount(applyPlan(bindings, plan), p) === 0;
}
