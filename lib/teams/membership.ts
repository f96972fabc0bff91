import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client.ts";
import { listTeams } from "@/db/queries/teams.ts";
import type { TeamAudit } from "@/lib/audit/audited.ts";
import { safeCallbackPath } from "@/lib/auth/callback.ts";
import { type CurrentUser, currentUser } from "@/lib/auth/session.ts";
import { watchHub } from "@/lib/k8s/hub/index.ts";
import { listRoleBindingsAsConsole } from "@/lib/k8s/role-bindings.ts";
import type { RoleBindingLike } from "@/lib/k8s/types.ts";
import { strongestRoleOf, type TeamRole, teamRoleBindings, weakerRole } from "./roles.ts";

/** Team fields a signed-in user may see about their own team, with their strongest role in it. */
export type TeamMembership = {
  id: string;
  slug: string;
  displayName: string;
  namespace: string;
  maxWorkerNodes: number | null;
  role: TeamRole;
};

/** Who changes a team's things: the signed-in user, their team, and their audited write. */
export type TeamActor = { user: CurrentUser; team: TeamMembership; audited: TeamAudit };

/** How long a membership question waits for the hub's first RoleBinding list before asking directly. */
const SYNC_WAIT_MS = 2_000;

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
      if (cached) out.set(ns, teamRoleBindings(cached.map((o) => JSON.parse(o.json) as RoleBindingLike)));
      else missing.push(ns);
    }
  } else {
    missing.push(...namespaces);
  }
  if (missing.length === 0) return out;
  if (missing.length === 1) {
    const [ns] = missing as [string];
    out.set(ns, teamRoleBindings(await listRoleBindingsAsConsole(ns)));
    return out;
  }
  const wanted = new Set(missing);
  for (const ns of missing) out.set(ns, []);
  for (const b of teamRoleBindings(await listRoleBindingsAsConsole())) {
    const ns = b.metadata.namespace ?? "";
    if (wanted.has(ns)) out.get(ns)?.push(b);
  }
  return out;
}

/**
 * The non-archived teams the user belongs to, with their strongest role in each. Kubernetes RBAC
 * is the one record of membership: a team counts when its namespace holds a `kaas:team-*`
 * RoleBinding naming the user or one of their groups (through the OIDC groups the platform
 * mapped, or a user a team admin added).
 */
export const myTeams = cache(async (user: CurrentUser): Promise<TeamMembership[]> => {
  const rows = await listTeams(getDb());
  const bindings = await teamBindingsByNamespace(rows.map((t) => t.namespace));
  const out: TeamMembership[] = [];
  for (const t of rows) {
    // A token works for its own team only, and at most with the role it was made with.
    if (user.token && user.token.teamId !== t.id) continue;
    const held = strongestRoleOf(bindings.get(t.namespace) ?? [], user.identity);
    const role = held && user.token ? weakerRole(held, user.token.role) : held;
    if (role) {
      out.push({
        id: t.id,
        slug: t.slug,
        displayName: t.displayName,
        namespace: t.namespace,
        maxWorkerNodes: t.maxWorkerNodes,
        role,
      });
    }
  }
  return out;
});

/** For pages: the signed-in user, or a redirect to the login page. */
export async function requireUser(callbackUrl = "/"): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(safeCallbackPath(callbackUrl))}`);
  return user;
}

/**
 * For pages: the user and their membership of team `slug`. A team the user is not in answers
 * 404, the same as a team that does not exist, so slugs cannot be probed.
 */
export async function requireTeam(slug: string): Promise<{ user: CurrentUser; team: TeamMembership }> {
  const user = await requireUser(`/teams/${encodeURIComponent(slug)}/clusters`);
  const team = (await myTeams(user)).find((t) => t.slug === slug);
  if (!team) notFound();
  return { user, team };
}

/** For route handlers: the user and team, or the HTTP status to answer with. */
export async function teamForRequest(
  slug: string,
): Promise<{ ok: true; user: CurrentUser; team: TeamMembership } | { ok: false; status: 401 | 404 }> {
  const user = await currentUser();
  if (!user) return { ok: false, status: 401 };
  const team = (await myTeams(user)).find((t) => t.slug === slug);
  if (!team) return { ok: false, status: 404 };
  return { ok: true, user, team };
}
