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
  setTeamGroups as setTeamGroupsRow,
  setTeamNodeQuota,
  upsertTeam,
} from "@/db/queries/teams.ts";
import type { Team } from "@/db/schema.ts";
import type { ActionContext } from "@/lib/actions/safe-action.ts";
import { ActionError } from "@/lib/errors.ts";
import { listClusters, namesByNamespace } from "@/lib/k8s/clusters.ts";
import {
  applyTeamRoleBindings,
  NamespaceTakenError,
  provisionTeam,
  removeTeamAccess,
} from "@/lib/teams/provisioning.ts";
import { applyClusterQuota, listClusterQuotas, waitClusterQuota } from "@/lib/teams/quotas.ts";
import type {
  archiveTeamInput,
  createTeamInput,
  endSessionsInput,
  teamGroupsInput,
  teamQuotasInput,
} from "@/lib/validation/admin.ts";

/**
 * The platform admin's team operations, shared by the admin pages' server actions and the API's
 * `/api/v1/admin` routes (both through `platformAction`): Kubernetes writes impersonate the
 * admin, every change is audited as them (with "via API" from the API).
 */

type Ctx<S extends z.ZodType> = ActionContext<z.infer<S>>;

/** The team, or a refusal when there is none or it is archived. */
export async function activeTeam(slug: string): Promise<Team> {
  const team = await getTeamBySlug(getDb(), slug);
  if (!team) throw new ActionError("This team does not exist or is archived.");
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
        throw new ActionError("A team with this slug exists already.", { slug: "Already taken" });
      if (await namespaceTakenByOtherTeam(db, namespace, input.slug))
        throw new ActionError("Another team uses this namespace.", { slug: "Namespace taken" });
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
          throw new ActionError(
            `The namespace ${namespace} exists already and is not this team's. Choose another slug.`,
            { slug: "A namespace of this name exists already" },
          );
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
      if (!team) throw new ActionError("This team does not exist or is archived already.");
      const refuseIfClusters = async () => {
        const clusters = await listClusters(user.identity, team.namespace);
        if (clusters.length)
          throw new ActionError(
            `Team ${team.slug} still has ${clusters.length} cluster${clusters.length === 1 ? "" : "s"} (${clusters
              .map((c) => c.metadata.name)
              .join(", ")}). Delete them first, then archive the team.`,
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
