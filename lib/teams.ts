import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client.ts";
import { type TeamMembership, teamsForGroups } from "@/db/queries/teams.ts";
import { type CurrentUser, currentUser } from "@/lib/auth/session.ts";

/** The teams the current user belongs to through their OIDC groups, with their role in each. */
export const myTeams = cache(async (user: CurrentUser): Promise<TeamMembership[]> => {
  return teamsForGroups(getDb(), user.groups);
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
