"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client.ts";
import { type ActionResult, teamAction } from "@/lib/actions/safe-action.ts";
import { changeMemberAudited } from "@/lib/teams/members.ts";
import { removeMemberInput } from "@/lib/validation/members.ts";

const remove = teamAction({
  schema: removeMemberInput,
  name: "member.remove",
  needs: "admin",
  run: async (ctx) => {
    const { input, team } = ctx;
    const result = await changeMemberAudited(getDb(), ctx, "member.remove", {
      kind: input.kind,
      subject: input.subject,
      role: null,
    });
    revalidatePath(`/teams/${team.slug}`, "layout");
    return { before: result.before };
  },
});

/** Removes a user or group from every team role binding (never the last admin); audited. */
export async function removeMemberAction(raw: unknown): Promise<ActionResult<{ before: string | null }>> {
  return remove(raw);
}
