"use server";

import { type ActionResult, platformAction } from "@/lib/actions/safe-action.ts";
import { endUserSessions } from "@/lib/admin/teams.ts";
import { endSessionsInput } from "@/lib/validation/admin.ts";

const end = platformAction({
  schema: endSessionsInput,
  name: "user.sessions.end",
  run: endUserSessions,
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
