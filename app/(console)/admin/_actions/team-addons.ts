"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client.ts";
import { getTeamBySlug } from "@/db/queries/teams.ts";
import { type ActionResult, platformAction } from "@/lib/actions/safe-action.ts";
import { setTeamAddons } from "@/lib/addons/catalog.ts";
import { ActionError, says } from "@/lib/errors.ts";
import { teamAddonsInput } from "@/lib/validation/addons.ts";

type Result = { added: string[]; removed: string[]; updated: string[] };

const offer = platformAction({
  schema: teamAddonsInput,
  name: "team.addons",
  run: async ({ user, input, audited }) => {
    const team = await getTeamBySlug(getDb(), input.team);
    if (!team) throw new ActionError(says("teamMissing"));
    // The API server checks every proxy first, so a refusal leaves the catalog as it was.
    await setTeamAddons(user.identity, team.namespace, input.addons, { dryRun: true });
    const result = await audited(
      {
        action: "team.addons.set",
        teamSlug: team.slug,
        targetKind: "Team",
        targetName: team.slug,
        details: { addons: input.addons },
      },
      () => setTeamAddons(user.identity, team.namespace, input.addons, { dryRun: false }),
    );
    revalidatePath(`/admin/teams/${team.slug}`);
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
