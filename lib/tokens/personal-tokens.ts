import "server-only";
import { getDb } from "@/db/client.ts";
import { createApiToken, listApiTokens, revokeApiToken } from "@/db/queries/api-tokens.ts";
import { ActionError, says } from "@/lib/errors.ts";
import { isPlatformAdmin } from "@/lib/platform.ts";
import type { TeamActor } from "@/lib/teams/membership.ts";
import { roleAtLeast } from "@/lib/teams/roles.ts";
import type { CreateApiTokenInput } from "@/lib/validation/api-tokens.ts";

/**
 * Personal access tokens, for the tokens page and the API alike: made by the user for one team,
 * at most their own role there, shown once, stored hashed, audited when made and revoked.
 */

/** The user's tokens of the team, newest first, revoked ones included; never a secret or hash. */
export async function ownApiTokens({ user, team }: Pick<TeamActor, "user" | "team">) {
  return listApiTokens(getDb(), team.id, user.subject);
}

/** Makes a token; the clear token leaves once, in this answer. */
export async function makeApiToken(
  { user, team, audited }: TeamActor,
  input: Omit<CreateApiTokenInput, "team">,
): Promise<{ token: string; prefix: string; name: string }> {
  if (!roleAtLeast(team.role, input.role))
    throw new ActionError(says("tokenRoleTooStrong"), { role: says("yourRoleField", { role: team.role }) });
  if (input.platform && !isPlatformAdmin(user))
    throw new ActionError(says("platformTokensAdminsOnly"), { platform: says("platformAdminsOnlyField") });
  // A bearer token never reaches platform actions: minting a platform token through one would.
  if (input.platform && user.via === "api")
    throw new ActionError(
      says("platformTokensInConsole"),
      { platform: says("platformTokensInConsoleField") },
      {},
      "forbidden",
    );
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
  return { token: made.token, prefix: made.info.displayPrefix, name: made.info.name };
}

/** Revokes one of the user's tokens of the team, named as the user confirmed it. */
export async function revokeOwnApiToken(
  { user, team, audited }: TeamActor,
  input: { id: string; name: string },
): Promise<{ name: string }> {
  // The audit row names the token as stored, never as the caller says.
  const token = (await listApiTokens(getDb(), team.id, user.subject)).find((t) => t.id === input.id);
  if (!token || token.revokedAt) throw new ActionError(says("tokenRevokedOrNotYours"), {}, {}, "not_found");
  if (token.name !== input.name)
    throw new ActionError(says("confirmTokenName"), { confirmName: says("notTokenNameField") });
  await audited({ action: "token.revoke", targetKind: "ApiToken", targetName: token.name }, async () => {
    const name = await revokeApiToken(getDb(), { id: token.id, teamId: team.id, subject: user.subject });
    if (name === undefined) throw new ActionError(says("tokenRevoked"), {}, {}, "conflict");
  });
  return { name: token.name };
}
