import { and, asc, eq, isNull, ne } from "drizzle-orm";
import type { Db } from "../client.ts";
import { type Team, teamOfferedClasses, teams } from "../schema.ts";

/**
 * Platform-admin writes of team rows. Each runs inside the caller's transaction, next to the
 * audit row and before the matching Kubernetes writes, so a refusal rolls them back.
 */

/** The team with this slug, archived or not. */
export async function getTeamIncludingArchived(db: Db, slug: string): Promise<Team | undefined> {
  const [team] = await db.select().from(teams).where(eq(teams.slug, slug)).limit(1);
  return team;
}

/** Whether a team other than `slug` already uses `namespace`. */
export async function namespaceTakenByOtherTeam(db: Db, namespace: string, slug: string): Promise<boolean> {
  const [row] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.namespace, namespace), ne(teams.slug, slug)))
    .limit(1);
  return row !== undefined;
}

/** Sets which OIDC groups hold each role in the team (kept equal to its RoleBindings). */
export async function setTeamGroups(
  db: Db,
  teamId: string,
  groups: { adminGroups: string[]; memberGroups: string[]; viewerGroups: string[] },
): Promise<void> {
  await db.update(teams).set(groups).where(eq(teams.id, teamId));
}

/** Sets the team's node quota (`null`: unlimited). */
export async function setTeamNodeQuota(db: Db, teamId: string, maxWorkerNodes: number | null): Promise<void> {
  await db.update(teams).set({ maxWorkerNodes }).where(eq(teams.id, teamId));
}

/** Marks the team archived: it disappears from every list and membership; its history stays. */
export async function archiveTeamRow(db: Db, teamId: string, at = new Date()): Promise<void> {
  await db
    .update(teams)
    .set({ archivedAt: at })
    .where(and(eq(teams.id, teamId), isNull(teams.archivedAt)));
}

/** What the team is offered (empty: every class in its namespace). */
export async function listOfferedClasses(
  db: Db,
  teamId: string,
): Promise<{ kind: "class" | "stack"; name: string }[]> {
  return db
    .select({ kind: teamOfferedClasses.kind, name: teamOfferedClasses.name })
    .from(teamOfferedClasses)
    .where(eq(teamOfferedClasses.teamId, teamId))
    .orderBy(asc(teamOfferedClasses.kind), asc(teamOfferedClasses.name));
}

/** Replaces what the team is offered. */
export async function setOfferedClasses(
  db: Db,
  teamId: string,
  entries: readonly { kind: "class" | "stack"; name: string }[],
): Promise<void> {
  await db.delete(teamOfferedClasses).where(eq(teamOfferedClasses.teamId, teamId));
  if (entries.length)
    await db.insert(teamOfferedClasses).values(entries.map((e) => ({ teamId, kind: e.kind, name: e.name })));
}
