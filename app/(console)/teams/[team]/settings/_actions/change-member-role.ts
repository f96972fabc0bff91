"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client.ts";
import { type ActionResult, teamAction } from "@/lib/actions/safe-action.ts";
import { changeMemberAudited } from "@/lib/teams/members.ts";
import { changeMemberRoleInput } from "@/lib/validation/members.ts";

const change = teamAction({
  schema: changeMemberRoleInput,
  name: "member.role",
  needs: "admin",
  run: async (ctx) => {
    const { input, team } = ctx;
    const result = await changeMemberAudited(getDb(), ctx, "member.role", {
      kind: input.kind,
      subject: input.subject,
      role: input.role,
    });
    revalidatePath(`/teams/${team.slug}`, "layout");
    return { before: result.before, after: result.after };
  },
});

/** Gives a member exactly one role (never leaving the team without an admin); audited. */
export async function changeMemberRoleAction(
  raw: unknown,
): Promise<ActionResult<{ before: string | null; after: string | null }>> {
  return change(raw);
}
