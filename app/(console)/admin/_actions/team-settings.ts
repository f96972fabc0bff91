"use server";

import { revalidatePath } from "next/cache";
import { type ActionResult, platformAction } from "@/lib/actions/safe-action.ts";
import {
  copyTeamClusterClass,
  setTeamGroups,
  setTeamOfferedClasses,
  setTeamQuotas,
} from "@/lib/admin/teams.ts";
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
  run: async (ctx) => {
    await setTeamOfferedClasses(ctx);
    revalidatePath(`/admin/teams/${ctx.input.team}`);
    return null;
  },
});

const copy = platformAction({
  schema: copyClassInput,
  name: "team.copy-class",
  run: async (ctx) => {
    const result = await copyTeamClusterClass(ctx);
    revalidatePath(`/admin/teams/${ctx.input.team}`);
    return result;
  },
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
