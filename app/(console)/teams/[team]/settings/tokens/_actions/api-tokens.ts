"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client.ts";
import { createApiToken, listApiTokens, revokeApiToken } from "@/db/queries/api-tokens.ts";
import { type ActionResult, teamAction } from "@/lib/actions/safe-action.ts";
import { ActionError } from "@/lib/errors.ts";
import { isPlatformAdmin } from "@/lib/platform.ts";
import { roleAtLeast } from "@/lib/teams/roles.ts";
import { createApiTokenInput, revokeApiTokenInput } from "@/lib/validation/api-tokens.ts";

const tokensPath = (team: string) => `/teams/${team}/settings/tokens`;

const create = teamAction({
  schema: createApiTokenInput,
  name: "token.create",
  // Made and revoked by the user themselves (a console session, or `kaas` signed in at the IdP):
  // a personal access token cannot breed tokens.
  needs: "session",
  run: async ({ user, team, input, audited }) => {
    if (!roleAtLeast(team.role, input.role))
      throw new ActionError("A token cannot have a stronger role than yours in this team.", {
        role: `Your role is ${team.role}`,
      });
    if (input.platform && !isPlatformAdmin(user))
      throw new ActionError("Only platform admins can make platform tokens.", {
        platform: "Platform admins only",
      });
    const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
    const made = await audited(
      {
        action: "token.create",
        targetKind: "ApiToken",
        targetName: input.name,
        details: { role: input.role, platform: input.platform, expiresAt: expiresAt.toISOString() },
      },
      () =>
        createApiToken(getDb(), {
          teamId: team.id,
          subject: user.subject,
          name: input.name,
          role: input.role,
          platform: input.platform,
          groups: user.groups,
          expiresAt,
        }),
    );
    revalidatePath(tokensPath(team.slug));
    // The clear token leaves once, in this answer; only its hash is kept.
    return { token: made.token, prefix: made.info.displayPrefix, name: made.info.name };
  },
});

const revoke = teamAction({
  schema: revokeApiTokenInput,
  name: "token.revoke",
  needs: "session",
  run: async ({ user, team, input, audited }) => {
    // The audit row names the token as stored, never as the browser says.
    const token = (await listApiTokens(getDb(), team.id, user.subject)).find((t) => t.id === input.id);
    if (!token || token.revokedAt) throw new ActionError("This token is already revoked, or not yours.");
    if (token.name !== input.name)
      throw new ActionError("Type the token's name to confirm.", { confirmName: "Not this token's name" });
    await audited({ action: "token.revoke", targetKind: "ApiToken", targetName: token.name }, async () => {
      const name = await revokeApiToken(getDb(), { id: token.id, teamId: team.id, subject: user.subject });
      if (name === undefined) throw new ActionError("This token is already revoked.");
    });
    revalidatePath(tokensPath(team.slug));
    return { name: token.name };
  },
});

/** Makes a personal access token for this team, at most the user's role; shown once; audited. */
export async function createApiTokenAction(
  raw: unknown,
): Promise<ActionResult<{ token: string; prefix: string; name: string }>> {
  return create(raw);
}

/** Revokes one of the user's tokens of this team after they typed its name; audited. */
export async function revokeApiTokenAction(raw: unknown): Promise<ActionResult<{ name: string }>> {
  return revoke(raw);
}
