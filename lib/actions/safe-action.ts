import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { getDb } from "@/db/client.ts";
import { type Audit, audited, type TeamAudit } from "@/lib/audit/audited.ts";
import { type CurrentUser, currentUser } from "@/lib/auth/session.ts";
import { ActionError, type Audience, refusalOf } from "@/lib/errors.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import { admitAction } from "@/lib/limits/index.ts";
import { logger } from "@/lib/logger.ts";
import { type ActionOutcome, recordAction } from "@/lib/metrics/index.ts";
import { isPlatformAdmin } from "@/lib/platform.ts";
import { myTeams, type TeamMembership } from "@/lib/teams/membership.ts";

/** What every server action answers: data, or errors a form can show next to its fields. */
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; formError: string | null; fieldErrors: Record<string, string> };

/** What an action body receives: the verified user, the validated input and its audited write. */
export type ActionContext<I> = {
  user: CurrentUser;
  input: I;
  requestId: string;
  /** {@link audited} as this user: the audit row is committed before the change, its outcome after. */
  audited: Audit;
};

/** A team action's context: the team comes from the user's own memberships, never from input alone. */
export type TeamActionContext<I> = Omit<ActionContext<I>, "audited"> & {
  team: TeamMembership;
  /** As {@link ActionContext.audited}, always recorded for this team. */
  audited: TeamAudit;
};

type ActionOptions<S extends z.ZodType, C, T> = {
  schema: S;
  /** Names the action in logs. */
  name: string;
  run: (ctx: C) => Promise<T>;
};

const refuse = (formError: string): ActionResult<never> => ({ ok: false, formError, fieldErrors: {} });

/** Zod issues as form errors: issues of the whole input go above the form, the rest beside fields. */
function invalid(error: z.ZodError): ActionResult<never> {
  const fieldErrors: Record<string, string> = {};
  let formError: string | null = null;
  for (const issue of error.issues) {
    const key = issue.path.join(".");
    if (key) fieldErrors[key] ??= issue.message;
    else formError ??= issue.message;
  }
  return { ok: false, formError, fieldErrors };
}

/**
 * The base of the chain, under {@link teamAction} and {@link platformAction}: authenticate, check the
 * request's `Origin` and the user's and address's rate limits, let `admit` turn a user away before their input is read,
 * validate with the shared zod schema, let `scope` build the body's context, run it, and map
 * errors to what users may see ({@link refusalOf}). Unexpected errors are logged, never shown.
 */
function authedAction<S extends z.ZodType, C, T>(
  guard: {
    audience: Audience;
    admit?: (user: CurrentUser) => string | null;
    scope: (base: ActionContext<z.infer<S>>) => Promise<C | string>;
  },
  opts: ActionOptions<S, C, T>,
): (raw: unknown) => Promise<ActionResult<T>> {
  return async (raw) => {
    const started = performance.now();
    // Metrics only: counts the answer by outcome, then returns it unchanged.
    const answer = <R>(outcome: ActionOutcome, result: R): R => {
      recordAction(opts.name, outcome, started);
      return result;
    };
    const requestId = randomUUID();
    const user = await currentUser();
    if (!user) return answer("unauthenticated", refuse("Your session has ended. Sign in again."));
    const limited = await admitAction(user.subject);
    if (limited) return answer("limited", refuse(limited));
    const turnedAway = guard.admit?.(user);
    if (turnedAway) return answer("refused", refuse(turnedAway));
    const parsed = opts.schema.safeParse(raw);
    if (!parsed.success) return answer("invalid", invalid(parsed.error));
    const actor = { user: user.identity.user, email: user.email, requestId };
    const base: ActionContext<z.infer<S>> = {
      user,
      input: parsed.data,
      requestId,
      audited: (change, write) => audited(getDb(), actor, change, write),
    };
    try {
      const ctx = await guard.scope(base);
      if (typeof ctx === "string") return answer("refused", refuse(ctx));
      return answer("ok", { ok: true, data: await opts.run(ctx) });
    } catch (err) {
      const expected = err instanceof ActionError || err instanceof KubeError;
      if (!expected) {
        logger.error(
          { event: `action.${opts.name}`, requestId, err: (err as Error).message },
          "action failed",
        );
      }
      return answer(expected ? "refused" : "error", { ok: false, ...refusalOf(err, guard.audience) });
    }
  };
}

/**
 * A team-scoped action: the team is found among the user's own memberships (a forged slug finds
 * nothing). Roles are not checked here: the API server decides as the impersonated user.
 */
export function teamAction<S extends z.ZodType<{ team: string }>, T>(
  opts: ActionOptions<S, TeamActionContext<z.infer<S>>, T>,
): (raw: unknown) => Promise<ActionResult<T>> {
  return authedAction(
    {
      audience: "team",
      scope: async (base) => {
        const team = (await myTeams(base.user)).find((t) => t.slug === base.input.team);
        if (!team) return "Team not found.";
        return {
          ...base,
          team,
          audited: (change, write) => base.audited({ ...change, teamSlug: team.slug }, write),
        };
      },
    },
    opts,
  );
}

/**
 * A platform admin's action: others are told "Not found.", as pages answer them 404, before their
 * input is read. Kubernetes writes impersonate the admin, so the API server (the
 * `kaas:platform-admin` ClusterRole) has the last word.
 */
export function platformAction<S extends z.ZodType, T>(
  opts: ActionOptions<S, ActionContext<z.infer<S>>, T>,
): (raw: unknown) => Promise<ActionResult<T>> {
  return authedAction(
    {
      audience: "platform",
      admit: (user) => (isPlatformAdmin(user) ? null : "Not found."),
      scope: async (base) => base,
    },
    opts,
  );
}
