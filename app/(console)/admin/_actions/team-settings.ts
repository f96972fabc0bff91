"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client.ts";
import { getTeamBySlug, setOfferedClasses, setTeamGroups, setTeamNodeQuota } from "@/db/queries/teams.ts";
import type { Team } from "@/db/schema.ts";
import { type ActionResult, platformAction } from "@/lib/actions/safe-action.ts";
import { ActionError, says } from "@/lib/errors.ts";
import { CopyConflictError, copyClusterClass } from "@/lib/k8s/class-copy.ts";
import { applyTeamRoleBindings } from "@/lib/teams/provisioning.ts";
import { applyClusterQuota, waitClusterQuota } from "@/lib/teams/quotas.ts";
import {
  copyClassInput,
  offeredClassesInput,
  teamGroupsInput,
  teamQuotasInput,
} from "@/lib/validation/admin.ts";

async function activeTeam(slug: string): Promise<Team> {
  const team = await getTeamBySlug(getDb(), slug);
  if (!team) throw new ActionError(says("teamMissing"));
  return team;
}

const quotas = platformAction({
  schema: teamQuotasInput,
  name: "team.quota",
  run: async ({ user, input, audited }) => {
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
        revalidatePath(`/admin/teams/${team.slug}`);
        return team.namespace;
      },
    );
    return { quotaReady: await waitClusterQuota(user.identity, namespace, input.maxClusters) };
  },
});

const groups = platformAction({
  schema: teamGroupsInput,
  name: "team.groups",
  run: async ({ user, input, audited }) => {
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
        await setTeamGroups(getDb(), team.id, {
          adminGroups: input.adminGroups,
          memberGroups: input.memberGroups,
          viewerGroups: input.viewerGroups,
        });
        revalidatePath(`/admin/teams/${team.slug}`);
        return null;
      },
    );
  },
});

const offered = platformAction({
  schema: offeredClassesInput,
  name: "team.offered",
  run: async ({ input, audited }) =>
    audited(
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
        revalidatePath(`/admin/teams/${team.slug}`);
        return null;
      },
    ),
});

const copy = platformAction({
  schema: copyClassInput,
  name: "team.copy-class",
  run: async ({ user, input, audited }) =>
    audited(
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
        const result = await copyClusterClass(user.identity, {
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
        revalidatePath(`/admin/teams/${team.slug}`);
        return result;
      },
    ),
});

/** Sets the team's cluster quota (Kubernetes ResourceQuota) and node quota (database). Audited. */
export async function setTeamQuotasAction(raw: unknown): Promise<ActionResult<{ quotaReady: boolean }>> {
  return quotas(raw);
}

/** Maps OIDC groups to the team's roles: its row and its `kaas:team-*` RoleBindings. Audited. */
export async function setTeamGroupsAction(raw: unknown): Promise<ActionResult<null>> {
  return groups(raw);
}

/** Chooses which classes and stacks the team is offered (none chosen: all). Audited. */
export async function setOfferedClassesAction(raw: unknown): Promise<ActionResult<null>> {
  return offered(raw);
}

/** Copies a ClusterClass and its templates into the team's namespace. Audited. */
export async function copyClusterClassAction(raw: unknown): Promise<ActionResult<{ templates: string[] }>> {
  return copy(raw);
}
