"use server";

import { revalidatePath } from "next/cache";
import { type ActionResult, platformAction } from "@/lib/actions/safe-action.ts";
import { setTeamOfferedAddons } from "@/lib/admin/teams.ts";
import { teamAddonsInput } from "@/lib/validation/addons.ts";

type Result = { added: string[]; removed: string[]; updated: string[] };

const offer = platformAction({
  schema: teamAddonsInput,
  name: "team.addons",
  run: async (ctx) => {
    const result = await setTeamOfferedAddons(ctx);
    revalidatePath(`/admin/teams/${ctx.input.team}`);
    return result;
  },
});

/**
 * Chooses the add-ons a team is offered: a HelmChartProxy per chosen catalog entry in the team's
 * namespace, written as the platform admin; an add-on taken away is uninstalled from the team's
 * clusters by the provider. Audited.
 */
export async function setTeamAddonsAction(raw: unknown): Promise<ActionResult<Result>> {
  return offer(raw);
}
