"use server";

import { revalidatePath } from "next/cache";
import { type ActionResult, platformAction } from "@/lib/actions/safe-action.ts";
import { saveTeamRegistryConnection } from "@/lib/admin/teams.ts";
import type { RobotScope } from "@/lib/registry/robot-scope.ts";
import { saveRegistryConnectionInput } from "@/lib/validation/registry.ts";

const save = platformAction({
  schema: saveRegistryConnectionInput,
  name: "registry-connection.save",
  run: async (ctx) => {
    const result = await saveTeamRegistryConnection(ctx);
    revalidatePath(`/admin/teams/${ctx.input.team}`);
    return result;
  },
});

/**
 * Sets the team's registry connection. The secret is write-only: left out, the stored one stays;
 * `null` removes it. Audited, never with the secret. For Harbor, the saved connection's account is
 * then asked what it may do (push, delete, other projects), and the answer comes back as warnings.
 */
export async function saveRegistryConnectionAction(raw: unknown): Promise<ActionResult<RobotScope | null>> {
  return save(raw);
}
