"use server";

import { revalidatePath } from "next/cache";
import { type ActionResult, platformAction } from "@/lib/actions/safe-action.ts";
import { createTeam } from "@/lib/admin/teams.ts";
import { createTeamInput } from "@/lib/validation/admin.ts";

const create = platformAction({
  schema: createTeamInput,
  name: "team.create",
  run: async (ctx) => {
    const created = await createTeam(ctx);
    revalidatePath("/admin");
    return created;
  },
});

/**
 * Creates a team as the platform admin: its labelled namespace, role bindings to its groups and
 * cluster quota (ready when quota admission enforces it), then its database row. Audited.
 */
export async function createTeamAction(
  raw: unknown,
): Promise<ActionResult<{ slug: string; quotaReady: boolean }>> {
  return create(raw);
}
