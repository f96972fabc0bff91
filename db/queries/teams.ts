import "server-only";
import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { type NewTeam, type Team, teamOfferedClasses, teams } from "../schema.ts";

/**
 * Team rows: read by every page (which teams exist), written by platform admins (create, groups,
 * quotas, offered classes, archive) and by team admins (a group's role). Each query takes the
 * caller's `db` or transaction.
 */

const teamColumns = {
  id: teams.id,
  slug: teams.slug,
  displayName: teams.displayName,
  namespace: teams.namespace,
  adminGroups: teams.adminGroups,
  memberGroups: teams.memberGroups,
  viewerGroups: teams.viewerGroups,
  maxWorkerNodes: teams.maxWorkerNodes,
  createdAt: teams.createdAt,
  archivedAt: teams.archivedAt,
};

/** Each team role's column of OIDC groups. */
const groupColumns = {
  admin: teams.adminGroups,
  member: teams.memberGroups,
  viewer: teams.viewerGroups,
};
/** A team role, as the team row knows it: one list of groups per role. */
type GroupRole = keyof typeof groupColumns;

/**
 * All teams ordered by slug; archived ones only when `includeArchived` is set.
 */
export async function listTeams(db: Db, opts: { includeArchived?: boolean } = {}): Promise<Team[]> {
  return db
    .select(teamColumns)
    .from(teams)
    .where(opts.includeArchived ? undefined : isNull(teams.archivedAt))
    .orderBy(asc(teams.slug));
}

/** The team with this slug, or `undefined` when there is none or it is archived. */
export async function getTeamBySlug(db: Db, slug: string): Promise<Team | undefined> {
  const [team] = await db
    .select(teamColumns)
    .from(teams)
    .where(and(eq(teams.slug, slug), isNull(teams.archivedAt)))
    .limit(1);
  return team;
}

/**
 * Inserts the team, or updates the existing team with the same slug. Fields left out of `team`
 * keep their stored (or default) values; `id` and `createdAt` never change on update.
 */
export async function upsertTeam(db: Db, team: Omit<NewTeam, "id" | "createdAt">): Promise<Team> {
  // displayName and namespace are required, so the update set is never empty; drizzle skips
  // keys whose value is undefined, which leaves omitted fields as stored.
  const { slug, ...changes } = team;
  const rows = await db
    .insert(teams)
    .values(team)
    .onConflictDoUpdate({ target: teams.slug, set: changes })
    .returning(teamColumns);
  const [row] = rows;
  if (!row) throw new Error(`upsertTeam: no row returned for ${slug}`);
  return row;
}

/**
 * Records which role an OIDC group holds in a team (null: none), keeping the team row's group lists
 * in step with the RoleBindings a team admin just wrote. The group leaves every other role's list.
 */
export async function setTeamGroupRole(
  db: Db,
  teamId: string,
  group: string,
  role: GroupRole | null,
): Promise<void> {
  const next = (r: GroupRole) => {
    const column = groupColumns[r];
    return r === role
      ? sql`case when ${group} = any(${column}) then ${column} else array_append(${column}, ${group}::text) end`
      : sql`array_remove(${column}, ${group}::text)`;
  };
  await db
    .update(teams)
    .set({ adminGroups: next("admin"), memberGroups: next("member"), viewerGroups: next("viewer") })
    .where(eq(teams.id, teamId));
}

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
