import "server-only";
import { getDb } from "@/db/client.ts";
import type { TeamActionContext } from "@/lib/actions/safe-action.ts";
import { ActionError } from "@/lib/errors.ts";
import {
  changeMembership,
  type MembershipChange,
  type MembershipResult,
  membershipRefusalMessage,
} from "@/lib/teams/members.ts";

/**
 * Runs one membership change as the acting admin inside its audit row: refusals (the API
 * server's, or the last-admin rule) are audited as refused and shown as the form's message.
 */
export function auditedMembershipChange(
  ctx: TeamActionContext<unknown>,
  action: string,
  change: MembershipChange,
  opts: { mustBeNew?: boolean; details?: Record<string, unknown> } = {},
): Promise<MembershipResult> {
  return ctx.audited(
    {
      action,
      targetKind: change.kind,
      targetName: change.subject,
      details: { role: change.role, ...opts.details },
    },
    async () => {
      try {
        return await changeMembership(getDb(), {
          identity: ctx.user.identity,
          team: ctx.team,
          change,
          mustBeNew: opts.mustBeNew,
        });
      } catch (err) {
        const message = membershipRefusalMessage(err);
        if (message) throw new ActionError(message);
        throw err;
      }
    },
  );
}
