"use server";

import { revalidatePath } from "next/cache";
import { type ActionResult, teamAction } from "@/lib/actions/safe-action.ts";
import { makeApiToken, revokeOwnApiToken } from "@/lib/tokens/personal-tokens.ts";
import { createApiTokenInput, revokeApiTokenInput } from "@/lib/validation/api-tokens.ts";

const tokensPath = (team: string) => `/teams/${team}/settings/tokens`;

const create = teamAction({
  schema: createApiTokenInput,
  name: "token.create",
  // Made and revoked by the user themselves (a console session, or `kaas` signed in at the IdP):
  // a personal access token cannot breed tokens.
  needs: "session",
  run: async (ctx) => {
    const made = await makeApiToken(ctx, ctx.input);
    revalidatePath(tokensPath(ctx.team.slug));
    return made;
  },
});

const revoke = teamAction({
  schema: revokeApiTokenInput,
  name: "token.revoke",
  needs: "session",
  run: async (ctx) => {
    const revoked = await revokeOwnApiToken(ctx, ctx.input);
    revalidatePath(tokensPath(ctx.team.slug));
    return revoked;
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
