import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client.ts";
import { listTeams, type TeamMembership } from "@/db/queries/teams.ts";
import { type CurrentUser, currentUser } from "@/lib/auth/session.ts";
import { teamBindingsByNamespace } from "@/lib/k8s/team-rbac.ts";
import { strongestRoleOf } from "@/lib/k8s/team-roles.ts";

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
    const role = strongestRoleOf(bindings.get(t.namespace) ?? [], user.identity);
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
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
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
