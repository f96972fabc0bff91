"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client.ts";
import { upsertPreset } from "@/db/queries/presets.ts";
import { type ActionResult, teamAction } from "@/lib/actions/safe-action.ts";
import { ActionError, says } from "@/lib/errors.ts";
import { savePresetInput } from "@/lib/validation/cluster.ts";

const save = teamAction({
  schema: savePresetInput,
  name: "preset.save",
  needs: "member",
  run: async ({ user, team, input, audited }) => {
    // Presets live in the console's database, not in Kubernetes: the console checks the role itself.
    if (team.role === "viewer") throw new ActionError(says("viewersNoPresets"));
    return audited(
      {
        action: "preset.save",
        targetKind: "ClusterPreset",
        targetName: input.presetName,
        details: { class: input.values.className },
      },
      async () => {
        await upsertPreset(getDb(), {
          teamId: team.id,
          name: input.presetName,
          values: input.values,
          createdBy: user.identity.user,
        });
        revalidatePath(`/teams/${team.slug}/clusters/new`);
        return { name: input.presetName };
      },
    );
  },
});

/** Saves the create form (without the cluster name) as a named preset of the team; audited. */
export async function savePresetAction(raw: unknown): Promise<ActionResult<{ name: string }>> {
  return save(raw);
}
