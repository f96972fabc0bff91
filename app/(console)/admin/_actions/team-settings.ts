"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client.ts";
import { setOfferedClasses } from "@/db/queries/teams.ts";
import { type ActionResult, platformAction } from "@/lib/actions/safe-action.ts";
import { activeTeam, setTeamGroups, setTeamQuotas } from "@/lib/admin/teams.ts";
import { ActionError } from "@/lib/errors.ts";
import { CopyConflictError, copyClusterClass } from "@/lib/k8s/class-copy.ts";
import {
  copyClassInput,
  offeredClassesInput,
  teamGroupsInput,
  teamQuotasInput,
} from "@/lib/validation/admin.ts";

const quotas = platformAction({
  schema: teamQuotasInput,
  name: "team.quota",
  run: async (ctx) => {
    const result = await setTeamQuotas(ctx);
    revalidatePath(`/admin/teams/${ctx.input.team}`);
    return result;
  },
});

const groups = platformAction({
  schema: teamGroupsInput,
  name: "team.groups",
  run: async (ctx) => {
    await setTeamGroups(ctx);
    revalidatePath(`/admin/teams/${ctx.input.team}`);
    return null;
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
          throw new ActionError("Choose another namespace to copy from.", {
            fromNamespace: "This is the team's own",
          });
        const result = await copyClusterClass(user.identity, {
          from: input.fromNamespace,
          to: team.namespace,
          name: input.className,
        }).catch((err: unknown) => {
          if (err instanceof CopyConflictError)
            throw new ActionError(
              `The team's namespace has a ${err.kind} ${err.objectName} already, with another spec. Copying would overwrite it and roll out the clusters that use it, so nothing was copied.`,
              { className: `${err.kind} ${err.objectName} differs in the team's namespace` },
            );
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
