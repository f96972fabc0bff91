"use server";

import { getDb } from "@/db/client.ts";
import { revokeApiTokensForSubject } from "@/db/queries/api-tokens.ts";
import { revokeSessionsForSubject } from "@/db/queries/sessions.ts";
import { type ActionResult, platformAction } from "@/lib/actions/safe-action.ts";
import { endSessionsInput } from "@/lib/validation/admin.ts";

const end = platformAction({
  schema: endSessionsInput,
  name: "user.sessions.end",
  run: ({ input, audited }) =>
    audited(
      { action: "user.sessions.end", teamSlug: null, targetKind: "User", targetName: input.subject },
      async () => {
        const ended = await revokeSessionsForSubject(getDb(), input.subject);
        // Their API tokens too: ending someone's access must not leave a script of theirs running.
        const tokens = await revokeApiTokensForSubject(getDb(), input.subject);
        return { ended, tokens };
      },
    ),
});

/**
 * Ends every console session of a user at once (every page, action and stream checks the session
 * row) and revokes their API tokens, e.g. when someone leaves or a laptop is lost. Their IdP
 * session is the IdP's. Audited.
 */
export async function endUserSessionsAction(
  raw: unknown,
): Promise<ActionResult<{ ended: number; tokens: number }>> {
  return end(raw);
}
