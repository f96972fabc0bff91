"use server";

import { revalidatePath } from "next/cache";
import { type ActionResult, teamAction } from "@/lib/actions/safe-action.ts";
import { removeMemberInput } from "@/lib/validation/members.ts";
import { auditedMembershipChange } from "./membership-change.ts";

const remove = teamAction({
  schema: removeMemberInput,
  name: "member.remove",
  run: async (ctx) => {
    const { input, team } = ctx;
    const result = await auditedMembershipChange(ctx, "member.remove", {
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
