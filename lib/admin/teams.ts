import "server-only";
import type { z } from "zod";
import { getDb } from "@/db/client.ts";
import { revokeApiTokensForSubject } from "@/db/queries/api-tokens.ts";
import { revokeSessionsForSubject } from "@/db/queries/sessions.ts";
import {
  archiveTeamRow,
  getTeamBySlug,
  getTeamIncludingArchived,
  listTeams,
  namespaceTakenByOtherTeam,
  setOfferedClasses,
  setTeamGroups as setTeamGroupsRow,
  setTeamNodeQuota,
  upsertTeam,
} from "@/db/queries/teams.ts";
import type { Team } from "@/db/schema.ts";
import type { ActionContext } from "@/lib/actions/safe-action.ts";
import { setTeamAddons } from "@/lib/addons/catalog.ts";
import { ActionError, says } from "@/lib/errors.ts";
import { CopyConflictError, copyClusterClass } from "@/lib/k8s/class-copy.ts";
import { listClusters, namesByNamespace } from "@/lib/k8s/clusters.ts";
import { logger } from "@/lib/logger.ts";
import { teamRegistry } from "@/lib/registry/browse.ts";
import { saveRegistryConnection } from "@/lib/registry/connections.ts";
import { inspectRobot, type RobotScope } from "@/lib/registry/robot-scope.ts";
import {
  applyTeamRoleBindings,
  NamespaceTakenError,
  provisionTeam,
  removeTeamAccess,
} from "@/lib/teams/provisioning.ts";
import { applyClusterQuota, listClusterQuotas, waitClusterQuota } from "@/lib/teams/quotas.ts";
import type { teamAddonsInput } from "@/lib/validation/addons.ts";
import type {
  archiveTeamInput,
  copyClassInput,
  createTeamInput,
  endSessionsInput,
  offeredClassesInput,
  teamGroupsInput,
  teamQuotasInput,
} from "@/lib/validation/admin.ts";
import type { saveRegistryConnectionInput } from "@/lib/validation/registry.ts";

/**
 * The platform admin's team operations, shared by the admin pages' server actions and the API's
 * `/api/v1/admin` routes (both through `platformAction`): Kubernetes writes impersonate the
 * admin, every change is audited as them (with "via API" from the API).
 */

type Ctx<S extends z.ZodType> = ActionContext<z.infer<S>>;

/** The team, or a refusal when there is none or it is archived. */
export async function activeTeam(slug: string): Promise<Team> {
  const team = await getTeamBySlug(getDb(), slug);
  if (!team) throw new ActionError(says("teamMissing"));
  return team;
}

/**
 * Every active team with its groups, node quota and, read as the admin, its clusters and cluster
 * quota (null where the API server did not answer them).
 */
export async function adminTeamList({ user }: Pick<Ctx<z.ZodType>, "user">) {
  const teams = await listTeams(getDb());
  const [clusters, quotas] = await Promise.all([
    namesByNamespace(user.identity, "clusters"),
    listClusterQuotas(user.identity),
  ]);
  return teams.map((t) => ({
    slug: t.slug,
    displayName: t.displayName,
    namespace: t.namespace,
    adminGroups: t.adminGroups,
    memberGroups: t.memberGroups,
    viewerGroups: t.viewerGroups,
    maxWorkerNodes: t.maxWorkerNodes,
    maxClusters: quotas.get(t.namespace)?.hard ?? null,
    clusters: clusters.get(t.namespace)?.length ?? 0,
  }));
}

/**
 * Creates a team: its labelled namespace, role bindings to its groups and cluster quota (ready
 * once quota admission enforces it), then its row (an archived team of this slug comes back).
 */
export async function createTeam({
  user,
  input,
  audited,
}: Ctx<typeof createTeamInput>): Promise<{ slug: string; quotaReady: boolean }> {
  const namespace = input.slug;
  const groups = { admin: input.adminGroups, member: input.memberGroups, viewer: input.viewerGroups };
  const created = await audited(
    {
      action: "team.create",
      teamSlug: input.slug,
      targetKind: "Team",
      targetName: input.slug,
      details: { namespace, groups, maxClusters: input.maxClusters, maxWorkerNodes: input.maxWorkerNodes },
    },
    async () => {
      const db = getDb();
      const existing = await getTeamIncludingArchived(db, input.slug);
      if (existing && !existing.archivedAt)
        throw new ActionError(says("slugTaken"), { slug: says("slugTakenField") });
      if (await namespaceTakenByOtherTeam(db, namespace, input.slug))
        throw new ActionError(says("namespaceUsed"), { slug: says("namespaceUsedField") });
      // Kubernetes first (provisionTeam undoes its own steps when one is refused), then the
      // row: a refusal leaves no row behind.
      try {
        await provisionTeam(user.identity, {
          namespace,
          slug: input.slug,
          groups,
          maxClusters: input.maxClusters,
        });
      } catch (err) {
        if (err instanceof NamespaceTakenError)
          throw new ActionError(says("namespaceExists", { namespace }), {
            slug: says("namespaceExistsField"),
          });
        throw err;
      }
      const team = await upsertTeam(db, {
        slug: input.slug,
        displayName: input.displayName,
        namespace,
        adminGroups: input.adminGroups,
        memberGroups: input.memberGroups,
        viewerGroups: input.viewerGroups,
        maxWorkerNodes: input.maxWorkerNodes,
        archivedAt: null,
      });
      return { slug: team.slug };
    },
  );
  // Waited for after the audited change, whose outcome does not depend on it.
  const quotaReady = await waitClusterQuota(user.identity, namespace, input.maxClusters);
  return { ...created, quotaReady };
}

/** Archives a team that has no clusters: nobody keeps access, its namespace and history stay. */
export function archiveTeam({
  user,
  input,
  audited,
}: Ctx<typeof archiveTeamInput>): Promise<{ slug: string }> {
  return audited(
    { action: "team.archive", teamSlug: input.team, targetKind: "Team", targetName: input.team },
    async () => {
      const team = await getTeamBySlug(getDb(), input.team);
      if (!team) throw new ActionError(says("teamMissingAlready"));
      const refuseIfClusters = async () => {
        const clusters = await listClusters(user.identity, team.namespace);
        if (clusters.length)
          throw new ActionError(
            says("teamHasClusters", {
              team: team.slug,
              count: clusters.length,
              names: clusters.map((c) => c.metadata.name).join(", "),
            }),
          );
      };
      // The usual refusal, before anyone loses access even for a moment.
      await refuseIfClusters();
      // Removing the role bindings ends everyone's access; checked once more once access has
      // ended (a cluster created since stops the archive). The row is archived only after that.
      await removeTeamAccess(user.identity, team.namespace, refuseIfClusters);
      await archiveTeamRow(getDb(), team.id);
      return { slug: team.slug };
    },
  );
}

/** Sets the team's cluster quota (Kubernetes ResourceQuota) and node quota (database). */
export async function setTeamQuotas({
  user,
  input,
  audited,
}: Ctx<typeof teamQuotasInput>): Promise<{ quotaReady: boolean }> {
  const namespace = await audited(
    {
      action: "team.quota.set",
      teamSlug: input.team,
      targetKind: "Team",
      targetName: input.team,
      details: { maxClusters: input.maxClusters, maxWorkerNodes: input.maxWorkerNodes },
    },
    async () => {
      const team = await activeTeam(input.team);
      await applyClusterQuota(user.identity, team.namespace, input.maxClusters);
      await setTeamNodeQuota(getDb(), team.id, input.maxWorkerNodes);
      return team.namespace;
    },
  );
  return { quotaReady: await waitClusterQuota(user.identity, namespace, input.maxClusters) };
}

/** Maps OIDC groups to the team's roles: its `kaas:team-*` RoleBindings, then its row. */
export function setTeamGroups({ user, input, audited }: Ctx<typeof teamGroupsInput>): Promise<null> {
  const next = { admin: input.adminGroups, member: input.memberGroups, viewer: input.viewerGroups };
  return audited(
    {
      action: "team.groups.set",
      teamSlug: input.team,
      targetKind: "Team",
      targetName: input.team,
      details: next,
    },
    async () => {
      const team = await activeTeam(input.team);
      // The bindings first (a refusal puts them back as they were), then the row that records them.
      await applyTeamRoleBindings(user.identity, team.namespace, next);
      await setTeamGroupsRow(getDb(), team.id, {
        adminGroups: input.adminGroups,
        memberGroups: input.memberGroups,
        viewerGroups: input.viewerGroups,
      });
      return null;
    },
  );
}

/** Ends every console session of a user and revokes their API tokens. */
export function endUserSessions({
  input,
  audited,
}: Ctx<typeof endSessionsInput>): Promise<{ ended: number; tokens: number }> {
  return audited(
    { action: "user.sessions.end", teamSlug: null, targetKind: "User", targetName: input.subject },
    async () => {
      const ended = await revokeSessionsForSubject(getDb(), input.subject);
      // Their API tokens too: ending someone's access must not leave a script of theirs running.
      const tokens = await revokeApiTokensForSubject(getDb(), input.subject);
      return { ended, tokens };
    },
  );
}

/** Chooses which classes and stacks the team is offered (none chosen: all). */
export function setTeamOfferedClasses({ input, audited }: Ctx<typeof offeredClassesInput>): Promise<null> {
  return audited(
    {
      action: "team.classes.set",
      teamSlug: input.team,
      targetKind: "Team",
      targetName: input.team,
      details: { offered: input.entries.map((e) => `${e.kind}:${e.name}`) },
    },
    async () => {
      const team = await activeTeam(input.team);
      // One transaction (no Kubernetes call inside): the old list goes and the new one comes together.
      await getDb().transaction((tx) => setOfferedClasses(tx, team.id, input.entries));
      return null;
    },
  );
}

/** Copies a ClusterClass and its templates from another namespace into the team's. */
export function copyTeamClusterClass({
  user,
  input,
  audited,
}: Ctx<typeof copyClassInput>): Promise<{ templates: string[] }> {
  return audited(
    {
      action: "clusterclass.copy",
      teamSlug: input.team,
      targetKind: "ClusterClass",
      targetName: input.className,
      details: { from: input.fromNamespace },
    },
    async () => {
      const team = await activeTeam(input.team);
      if (team.namespace === input.fromNamespace)
        throw new ActionError(says("sameNamespace"), { fromNamespace: says("sameNamespaceField") });
      return copyClusterClass(user.identity, {
        from: input.fromNamespace,
        to: team.namespace,
        name: input.className,
      }).catch((err: unknown) => {
        if (err instanceof CopyConflictError)
          throw new ActionError(says("copyConflict", { kind: err.kind, name: err.objectName }), {
            className: says("copyConflictField", { kind: err.kind, name: err.objectName }),
          });
        throw err;
      });
    },
  );
}

/**
 * Chooses the add-ons a team is offered: a HelmChartProxy per chosen catalog entry in the team's
 * namespace, written as the platform admin (checked by the API server in a dry run first, so a
 * refusal leaves the catalog as it was); an add-on taken away is uninstalled by the provider.
 */
export async function setTeamOfferedAddons({
  user,
  input,
  audited,
}: Ctx<typeof teamAddonsInput>): Promise<{ added: string[]; removed: string[]; updated: string[] }> {
  const team = await activeTeam(input.team);
  await setTeamAddons(user.identity, team.namespace, input.addons, { dryRun: true });
  return audited(
    {
      action: "team.addons.set",
      teamSlug: team.slug,
      targetKind: "Team",
      targetName: team.slug,
      details: { addons: input.addons },
    },
    () => setTeamAddons(user.identity, team.namespace, input.addons, { dryRun: false }),
  );
}

/**
 * Sets the team's registry connection (the secret write-only: left out, the stored one stays;
 * null removes it), audited without the secret. For Harbor, the saved connection's account is
 * then asked what it may do, and the answer comes back as warnings (null when not asked or unknown).
 */
export async function saveTeamRegistryConnection({
  user,
  input,
  audited,
}: Ctx<typeof saveRegistryConnectionInput>): Promise<RobotScope | null> {
  const { team: slug, ...connection } = input;
  const team = await activeTeam(slug);
  await audited(
    {
      action: "registry_connection.upsert",
      teamSlug: team.slug,
      targetKind: "RegistryConnection",
      targetName: connection.url,
      // Never the secret: only whether it changed.
      details: {
        kind: connection.kind,
        username: connection.username,
        secretChanged: connection.secret !== undefined,
      },
    },
    () => saveRegistryConnection(getDb(), { teamId: team.id, connection, actor: user.identity.user }),
  );
  if (connection.kind !== "harbor") return null;
  // Read back from the stored connection (never from the request): what may its account do?
  try {
    const reg = await teamRegistry(getDb(), team.id);
    return reg ? await inspectRobot(reg, connection.username) : null;
  } catch (err) {
    logger.warn(
      { event: "registry.robot-scope", team: team.slug, err: (err as Error).message },
      "reading the robot account's permissions failed",
    );
    return null;
  }
}
