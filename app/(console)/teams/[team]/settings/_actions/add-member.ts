"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client.ts";
import { subjectsForEmail } from "@/db/queries/sessions.ts";
import { type ActionResult, teamAction } from "@/lib/actions/safe-action.ts";
import { ActionError, says } from "@/lib/errors.ts";
import { identityPrefixes } from "@/lib/k8s/identity.ts";
import { changeMemberAudited } from "@/lib/teams/members.ts";
import { subjectName } from "@/lib/teams/roles.ts";
import { addMemberInput, looksLikeEmail } from "@/lib/validation/members.ts";

/** An email becomes the subject of the one user who signed in with it; anything else is taken as typed. */
async function resolveName(kind: "User" | "Group", name: string): Promise<string> {
  if (kind !== "User" || !looksLikeEmail(name)) return name;
  const subjects = await subjectsForEmail(getDb(), name);
  if (subjects.length === 1) return subjects[0] as string;
  throw new ActionError(subjects.length === 0 ? says("noUserWithEmail") : says("ambiguousEmail"), {
    name: subjects.length === 0 ? says("noUserWithEmailField") : says("ambiguousEmailField"),
  });
}

const add = teamAction({
  schema: addMemberInput,
  name: "member.add",
  needs: "admin",
  run: async (ctx) => {
    const { input, team } = ctx;
    const name = await resolveName(input.kind, input.name).catch(async (err: unknown) => {
      // An unresolvable email is an attempted change too: audit the refusal, then show it.
      await ctx
        .audited(
          {
            action: "member.add",
            targetKind: input.kind,
            targetName: input.name,
            details: { role: input.role },
          },
          async () => {
            throw err;
          },
        )
        .catch(() => {});
      throw err;
    });
    const subject = subjectName(input.kind, name, identityPrefixes());
    const result = await changeMemberAudited(
      getDb(),
      ctx,
      "member.add",
      { kind: input.kind, subject, role: input.role },
      { mustBeNew: true, details: name !== input.name ? { resolvedFromEmail: true } : {} },
    );
    revalidatePath(`/teams/${team.slug}/settings`);
    return { subject, role: result.after };
  },
});

/**
 * Adds a user (by OIDC username, or the email they signed in with) or an OIDC group to the team
 * with a role, as a RoleBinding written as the admin; audited.
 */
export async function addMemberAction(
  raw: unknown,
): Promise<ActionResult<{ subject: string; role: string | null }>> {
  return add(raw);
}
