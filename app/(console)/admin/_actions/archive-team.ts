"use server";

import { revalidatePath } from "next/cache";
import { type ActionResult, platformAction } from "@/lib/actions/safe-action.ts";
import { archiveTeam } from "@/lib/admin/teams.ts";
import { archiveTeamInput } from "@/lib/validation/admin.ts";

const archive = platformAction({
  schema: archiveTeamInput,
  name: "team.archive",
  run: async (ctx) => {
    const archived = await archiveTeam(ctx);
    revalidatePath("/admin");
    return archived;
  },
});

/** Archives a team that has no clusters: nobody keeps access, history is kept. Audited. */
export async function archiveTeamAction(raw: unknown): Promise<ActionResult<{ slug: string }>> {
  return archive(raw);
}
