import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { type Db, getDb } from "@/db/client.ts";
import { insertAuditEvent, setAuditOutcome } from "@/db/queries/audit.ts";
import type { TeamMembership } from "@/db/queries/teams.ts";
import { type CurrentUser, currentUser } from "@/lib/auth/session.ts";
import { ActionError, userErrorFrom } from "@/lib/errors.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import { logger } from "@/lib/logger.ts";
import { myTeams } from "@/lib/teams.ts";
import { fieldErrors } from "@/lib/validation/cluster.ts";

/** What every server action answers: data, or errors a form can show next to its fields. */
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; formError: string | null; fieldErrors: Record<string, string> };

/** What an action body receives: the verified user, their team and the validated input. */
export type TeamActionContext<I> = {
  user: CurrentUser;
  team: TeamMembership;
  input: I;
  requestId: string;
  /**
   * Runs `write` with its audit row: the row is inserted first (so an unwritable audit log stops
   * the change), the write runs, and the row gets its outcome, all in one transaction. Database
   * writes must use the `tx` given to `write`, so they commit or roll back with the audit row.
   */
  audited: <T>(
    event: { action: string; targetKind: string; targetName: string; details?: Record<string, unknown> },
    write: (tx: Db) => Promise<T>,
  ) => Promise<T>;
};

const kubeMessage = (err: KubeError): string =>
  err.message.replace(/^admission webhook "[^"]+" denied the request: /, "");

/** Maps an API server refusal to a user-visible result, putting field errors on their fields. */
export function refusal(err: unknown, fieldMap?: (kubePath: string) => string | null): ActionResult<never> {
  if (err instanceof ActionError) return { ok: false, formError: err.message, fieldErrors: err.fieldErrors };
  if (err instanceof KubeError) {
    if (err.status === 409) {
      return {
        ok: false,
        formError:
          "This cluster changed since you loaded it. Reload to see the current state, then try again.",
        fieldErrors: {},
      };
    }
    if (err.status === 403 && /exceeded quota/.test(err.message)) {
      const used = /used: [^=]+=(\d+)/.exec(err.message)?.[1];
      const limit = /limited: [^=]+=(\d+)/.exec(err.message)?.[1];
      return {
        ok: false,
        formError: `Your team's cluster quota is used up${used && limit ? ` (${used} of ${limit} clusters)` : ""}. Delete a cluster or ask a platform admin for more.`,
        fieldErrors: {},
      };
    }
    if (err.status === 400 || err.status === 422) {
      const causes = (
        (err.details as { causes?: { field?: string; message?: string }[] } | undefined)?.causes ?? []
      ).filter((c) => c.field);
      const fields: Record<string, string> = {};
      for (const c of causes) {
        const key = fieldMap?.(c.field ?? "") ?? null;
        if (key && c.message) fields[key] ??= c.message;
      }
      return {
        ok: false,
        formError: Object.keys(fields).length ? null : kubeMessage(err),
        fieldErrors: fields,
      };
    }
  }
  const e = userErrorFrom(err);
  return { ok: false, formError: `${e.title}. ${e.message}`, fieldErrors: {} };
}

/**
 * The one chain every team-scoped server action goes through: authenticate, validate with the
 * shared zod schema, resolve the team from the user's own memberships (a forged slug finds
 * nothing), run, and map errors to messages users may see. Roles are not checked here: the API
 * server decides as the impersonated user.
 */
export function teamAction<S extends z.ZodType<{ team: string }>, T>(opts: {
  schema: S;
  name: string;
  /** Maps an API server field path (e.g. `spec.topology.version`) to a form field. */
  fieldMap?: (kubePath: string) => string | null;
  run: (ctx: TeamActionContext<z.infer<S>>) => Promise<T>;
}): (raw: unknown) => Promise<ActionResult<T>> {
  return async (raw) => {
    const requestId = randomUUID();
    const user = await currentUser();
    if (!user) return { ok: false, formError: "Your session has ended. Sign in again.", fieldErrors: {} };
    const parsed = opts.schema.safeParse(raw);
    if (!parsed.success) return { ok: false, formError: null, fieldErrors: fieldErrors(parsed.error) };
    const input = parsed.data as z.infer<S>;
    const team = (await myTeams(user)).find((t) => t.slug === input.team);
    if (!team) return { ok: false, formError: "Team not found.", fieldErrors: {} };

    const audited: TeamActionContext<z.infer<S>>["audited"] = async (event, write) => {
      // The callback never throws after the insert: a refusal must commit its audit row too.
      const outcome = await getDb().transaction(async (tx) => {
        const row = await insertAuditEvent(tx, {
          actor: user.identity.user,
          actorEmail: user.email,
          teamSlug: team.slug,
          action: event.action,
          targetKind: event.targetKind,
          targetName: event.targetName,
          outcome: "failed",
          details: event.details ?? null,
          requestId,
        });
        try {
          const result = await write(tx);
          await setAuditOutcome(tx, row.id, "allowed", event.details ?? null);
          return { ok: true as const, result };
        } catch (err) {
          const refused = err instanceof ActionError || (err instanceof KubeError && err.status < 500);
          await setAuditOutcome(tx, row.id, refused ? "refused" : "failed", {
            ...event.details,
            reason:
              err instanceof KubeError
                ? `${err.status} ${err.reason}`
                : err instanceof ActionError
                  ? err.message
                  : "error",
          });
          return { ok: false as const, err };
        }
      });
      if (!outcome.ok) throw outcome.err;
      return outcome.result;
    };

    try {
      const data = await opts.run({ user, team, input, requestId, audited });
      return { ok: true, data };
    } catch (err) {
      if (!(err instanceof ActionError) && !(err instanceof KubeError)) {
        logger.error(
          { event: `action.${opts.name}`, requestId, team: team.slug, err: (err as Error).message },
          "action failed",
        );
      }
      return refusal(err, opts.fieldMap);
    }
  };
}
