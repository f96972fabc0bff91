import "server-only";
import type { V1RoleBinding } from "@kubernetes/client-node";
import { apisAs, consoleApis } from "./client.ts";
import { kubeCall } from "./errors.ts";
import { watchHub } from "./hub/index.ts";
import { identityPrefixes, type KubeIdentity } from "./identity.ts";
import { FIELD_MANAGER } from "./names.ts";
import {
  type MembershipPlan,
  type RoleBindingLike,
  roleOfBinding,
  type TeamMember,
  teamMembers,
} from "./team-roles.ts";

/** How long a membership question waits for the hub's first RoleBinding list before asking directly. */
const SYNC_WAIT_MS = 2_000;

const teamBindings = (items: readonly RoleBindingLike[]) => items.filter((b) => roleOfBinding(b));

/**
 * The `kaas:team-*` RoleBindings of a namespace, read as the user: the API server decides whether
 * they may see them (team admins may, members and viewers may not).
 */
export async function listTeamBindingsAs(
  identity: KubeIdentity,
  namespace: string,
): Promise<RoleBindingLike[]> {
  const list = await kubeCall(() => apisAs(identity).rbac.listNamespacedRoleBinding({ namespace }));
  return teamBindings(list.items as RoleBindingLike[]);
}

/** The team's members (users and groups with their roles and bindings), read as the user. */
export async function teamMembersAs(identity: KubeIdentity, namespace: string): Promise<TeamMember[]> {
  return teamMembers(await listTeamBindingsAs(identity, namespace), identityPrefixes());
}

/**
 * Applies a membership plan as the user, in the plan's order: the new binding first, then the
 * old ones rewritten or deleted, each guarded by the resourceVersion that was read, so a binding
 * someone changed in between answers 409 instead of being overwritten.
 */
export async function applyMembershipPlan(
  identity: KubeIdentity,
  namespace: string,
  plan: MembershipPlan,
): Promise<void> {
  const rbac = apisAs(identity).rbac;
  const created = plan.create?.metadata.name;
  let extended: V1RoleBinding | undefined;
  if (plan.create) {
    const body = plan.create as V1RoleBinding;
    await kubeCall(() => rbac.createNamespacedRoleBinding({ namespace, body, fieldManager: FIELD_MANAGER }));
  }
  if (plan.extend) {
    const body = plan.extend as V1RoleBinding;
    const name = body.metadata?.name ?? "";
    extended = await kubeCall(() =>
      rbac.replaceNamespacedRoleBinding({ name, namespace, body, fieldManager: FIELD_MANAGER }),
    );
  }
  try {
    for (const b of plan.update) {
      const name = b.metadata.name ?? "";
      await kubeCall(() =>
        rbac.replaceNamespacedRoleBinding({
          name,
          namespace,
          body: b as V1RoleBinding,
          fieldManager: FIELD_MANAGER,
        }),
      );
    }
    for (const r of plan.remove) {
      await kubeCall(() =>
        rbac.deleteNamespacedRoleBinding({
          name: r.name,
          namespace,
          body: r.resourceVersion ? { preconditions: { resourceVersion: r.resourceVersion } } : undefined,
        }),
      );
    }
  } catch (err) {
    // Undo the grant, so a refused step leaves the subject with its old role only.
    if (created) {
      await kubeCall(() => rbac.deleteNamespacedRoleBinding({ name: created, namespace })).catch(() => {});
    }
    if (extended && plan.extend) {
      const added = plan.extend.subjects?.at(-1);
      const body = {
        ...extended,
        subjects: (extended.subjects ?? []).filter(
          (s) => !(s.kind === added?.kind && s.name === added?.name),
        ),
      };
      const name = extended.metadata?.name ?? "";
      await kubeCall(() =>
        rbac.replaceNamespacedRoleBinding({ name, namespace, body, fieldManager: FIELD_MANAGER }),
      ).catch(() => {});
    }
    throw err;
  }
}

async function syncedWithin(ms: number): Promise<boolean> {
  const hub = watchHub();
  if (hub.synced("roleBindings")) return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const synced = await Promise.race([hub.whenSynced("roleBindings").then(() => true as const), timeout]);
  clearTimeout(timer);
  return synced;
}

/**
 * The `kaas:team-*` RoleBindings of each namespace, read under the console's own identity to
 * answer "which teams is this user in" (the one membership question the console answers itself).
 * Served from the watch hub, so a changed binding counts at once; while the hub's RoleBinding
 * cache is still filling (or has not yet seen a new team namespace) it asks the API server
 * directly, never answering "no teams" from an incomplete cache.
 */
export async function teamBindingsByNamespace(
  namespaces: readonly string[],
): Promise<Map<string, RoleBindingLike[]>> {
  const out = new Map<string, RoleBindingLike[]>();
  if (namespaces.length === 0) return out;
  const hub = watchHub();
  const missing: string[] = [];
  if (await syncedWithin(SYNC_WAIT_MS)) {
    for (const ns of namespaces) {
      const cached = hub.isTeamNamespace(ns) ? hub.list("roleBindings", ns) : undefined;
      if (cached) out.set(ns, teamBindings(cached.map((o) => JSON.parse(o.json) as RoleBindingLike)));
      else missing.push(ns);
    }
  } else {
    missing.push(...namespaces);
  }
  if (missing.length === 0) return out;
  const rbac = consoleApis().rbac;
  if (missing.length === 1) {
    const [ns] = missing as [string];
    const list = await kubeCall(() => rbac.listNamespacedRoleBinding({ namespace: ns }));
    out.set(ns, teamBindings(list.items as RoleBindingLike[]));
    return out;
  }
  const wanted = new Set(missing);
  for (const ns of missing) out.set(ns, []);
  const list = await kubeCall(() => rbac.listRoleBindingForAllNamespaces({}));
  for (const b of teamBindings(list.items as RoleBindingLike[])) {
    const ns = b.metadata.namespace ?? "";
    if (wanted.has(ns)) out.get(ns)?.push(b);
  }
  return out;
}
