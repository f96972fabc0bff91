import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { type Db, getDb } from "@/db/client.ts";
import { auditedWrite } from "@/db/queries/audit.ts";
import { type ActionResult, refusal } from "@/lib/actions/safe-action.ts";
import { type CurrentUser, currentUser } from "@/lib/auth/session.ts";
import { ActionError, userErrorFrom } from "@/lib/errors.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import { logger } from "@/lib/logger.ts";
import { isPlatformAdmin } from "@/lib/platform.ts";
import { fieldErrors } from "@/lib/validation/cluster.ts";

/** An audited platform change: its team (null for the platform itself) and what it touches. */
export type PlatformEvent = {
  action: string;
  teamSlug: string | null;
  targetKind: string;
  targetName: string;
  details?: Record<string, unknown>;
};

export type PlatformActionContext<I> = {
  user: CurrentUser;
  input: I;
  requestId: string;
  /**
   * Runs `write` with its audit row, in one transaction. The row is inserted first; `write` runs
   * in a savepoint, so when it throws (a Kubernetes refusal after its database writes, say) its
   * database writes roll back while the audit row commits with outcome refused or failed.
   * Order writes as: database rows on `tx` first, then Kubernetes.
   */
  audited: <T>(event: PlatformEvent, write: (tx: Db) => Promise<T>) => Promise<T>;
};

/**
 * A refused platform change as the admin sees it: the team actions' mapping, except where its
 * words are about a team (a 403 is the admin's own platform role; a 409 no cluster's conflict).
 */
function platformRefusal(err: unknown): ActionResult<never> {
  if (err instanceof KubeError && (err.status === 403 || err.status === 409)) {
    const e =
      err.status === 409
        ? {
            title: "The management cluster changed while you saved",
            message: "Reload the page to see the current state, then try again.",
          }
        : userErrorFrom(err, "platform");
    return { ok: false, formError: `${e.title}. ${e.message}`, fieldErrors: {} };
  }
  return refusal(err);
}

/**
 * The chain every platform admin action goes through: authenticate, check platform admin (others
 * are told "Not found.", as pages answer them 404), validate with the shared zod schema, run,
 * and map errors to messages users may see. Kubernetes writes impersonate the admin, so the
 * API server (the `kaas:platform-admin` ClusterRole) has the last word.
 */
export function platformAction<S extends z.ZodType, T>(opts: {
  schema: S;
  name: string;
  run: (ctx: PlatformActionContext<z.infer<S>>) => Promise<T>;
}): (raw: unknown) => Promise<ActionResult<T>> {
  return async (raw) => {
    const requestId = randomUUID();
    const user = await currentUser();
    if (!user) return { ok: false, formError: "Your session has ended. Sign in again.", fieldErrors: {} };
    if (!isPlatformAdmin(user)) return { ok: false, formError: "Not found.", fieldErrors: {} };
    const parsed = opts.schema.safeParse(raw);
    if (!parsed.success) return { ok: false, formError: null, fieldErrors: fieldErrors(parsed.error) };
    const input = parsed.data as z.infer<S>;

    const audited: PlatformActionContext<z.infer<S>>["audited"] = (event, write) =>
      auditedWrite(
        getDb(),
        {
          actor: user.identity.user,
          actorEmail: user.email,
          teamSlug: event.teamSlug,
          action: event.action,
          targetKind: event.targetKind,
          targetName: event.targetName,
          details: event.details ?? null,
          requestId,
        },
        write,
        (err) => ({
          outcome:
            err instanceof ActionError || (err instanceof KubeError && err.status < 500)
              ? "refused"
              : "failed",
          reason:
            err instanceof KubeError
              ? `${err.status} ${err.reason}`
              : err instanceof ActionError
                ? err.message
                : "error",
        }),
      );

    try {
      return { ok: true, data: await opts.run({ user, input, requestId, audited }) };
    } catch (err) {
      if (!(err instanceof ActionError) && !(err instanceof KubeError)) {
        logger.error(
          { event: `action.${opts.name}`, requestId, err: (err as Error).message },
          "platform action failed",
        );
      }
      return platformRefusal(err);
    }
  };
}
