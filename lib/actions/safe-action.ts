import { getLocale, getTranslations } from "next-intl/server";
import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { getDb } from "@/db/client.ts";
import { sayWords } from "@/lib/action-words.ts";
import { type Audit, audited, type TeamAudit } from "@/lib/audit/audited.ts";
import { type CurrentUser, currentUser } from "@/lib/auth/session.ts";
import {
  ActionError,
  type ActionWords,
  type Audience,
  inEnglish,
  type RefusalKind,
  type RefusalWords,
  refusalOf,
  says,
} from "@/lib/errors.ts";
import { english, type MessageValues } from "@/lib/i18n/english.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import { admitAction } from "@/lib/limits/index.ts";
import { logger } from "@/lib/logger.ts";
import { type ActionOutcome, recordAction } from "@/lib/metrics/index.ts";
import { isPlatformAdmin } from "@/lib/platform.ts";
import { RegistryError } from "@/lib/registry/errors.ts";
import { myTeams, type TeamMembership } from "@/lib/teams/membership.ts";
import { roleAtLeast, type TeamRole } from "@/lib/teams/roles.ts";
import { issueFields, type Translate } from "@/lib/validation/messages.ts";

/** What every server action answers: data, or errors a form can show next to its fields. */
export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      formError: string | null;
      fieldErrors: Record<string, string>;
      /** What kind of refusal (the HTTP API's status); absent only on failures made in the browser. */
      kind?: RefusalKind;
      /** For `rate_limited`: seconds until a retry may pass. */
      retryAfter?: number;
    };

/**
 * How a request reached the chain. Server actions are console writes; the HTTP API (lib/api/)
 * passes whether it is a read (no Origin check, no rate limit, as pages) and whether the caller
 * came with a bearer token (no Origin check: no ambient credential a foreign page could use).
 */
export type ChainRequest = { write: boolean };

const CONSOLE_WRITE: ChainRequest = { write: true };

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

/** An action of the chain: callable with raw input (a server action), or by the HTTP API with its request. */
export type ChainAction<T> = (raw: unknown, request?: ChainRequest) => Promise<ActionResult<T>>;

const refuse = (kind: RefusalKind, formError: string): ActionResult<never> => ({
  ok: false,
  kind,
  formError,
  fieldErrors: {},
});

/** The request's translator from the catalog's root (pages only: the API stays English). */
async function readersTranslator(): Promise<Translate> {
  return (await getTranslations()) as unknown as (key: string, values?: MessageValues) => string;
}

/** The request's translator, and {@link ActionWords} said in the reader's language (lists joined as it joins them). */
async function readersWords(): Promise<{ t: Translate; say: (words: ActionWords) => string }> {
  const [t, locale] = await Promise.all([readersTranslator(), getLocale()]);
  return { t, say: (words) => sayWords(words, t, locale) };
}

/** A refusal of the chain's own: in the reader's language on pages, in English for the API. */
async function worded(message: string | ActionWords, request: ChainRequest): Promise<string> {
  if (typeof message === "string") return message;
  return request === CONSOLE_WRITE ? (await readersWords()).say(message) : inEnglish(message);
}

/** A refusal the console worded itself, in the reader's language. */
function saidInReadersLanguage(
  words: RefusalWords,
  { t, say }: { t: Translate; say: (words: ActionWords) => string },
): string {
  if ("refusal" in words) return t(`refusals.${words.refusal}`, words.values);
  if ("actionError" in words) return say(words.actionError);
  const e = words.userError;
  const title = t(`errors.${e.key}.title`);
  return `${title}. ${e.asIs ? e.message : t(`errors.${e.key}.message`, e.values)}`;
}

/**
 * Zod issues as form errors: issues of the whole input go above the form, the rest beside fields;
 * in English for the API, in the reader's language for pages.
 */
async function invalid(error: z.ZodError, request: ChainRequest): Promise<ActionResult<never>> {
  const reader =
    request === CONSOLE_WRITE ? { t: await readersTranslator(), page: true } : { t: english, page: false };
  const { form = null, ...fieldErrors } = issueFields(error, reader);
  return { ok: false, kind: "invalid", formError: form, fieldErrors };
}

type Guard<S extends z.ZodType, C> = {
  audience: Audience;
  admit?: (user: CurrentUser) => { kind: RefusalKind; message: string | ActionWords } | null;
  scope: (
    base: ActionContext<z.infer<S>>,
  ) => Promise<{ ok: true; ctx: C } | { ok: false; kind: RefusalKind; message: string | ActionWords }>;
};

/**
 * The base of the chain, under {@link teamAction} and {@link platformAction}, for server actions
 * and the HTTP API alike: authenticate (session cookie or bearer token), check a write's `Origin`
 * (not for bearer tokens) and the user's and address's rate limits, let `admit` turn a user away
 * before their input is read, validate with the shared zod schema, let `scope` build the body's
 * context, run it, and map errors to what users may see ({@link refusalOf}) with their kind.
 * Unexpected errors are logged, never shown.
 */
function authedAction<S extends z.ZodType, C, T>(
  guard: Guard<S, C>,
  opts: ActionOptions<S, C, T>,
): ChainAction<T> {
  return async (raw, request = CONSOLE_WRITE) => {
    const started = performance.now();
    // Metrics only: counts the answer by outcome, then returns it unchanged.
    const answer = <R>(outcome: ActionOutcome, result: R): R => {
      recordAction(opts.name, outcome, started);
      return result;
    };
    const requestId = randomUUID();
    const user = await currentUser();
    if (!user)
      return answer(
        "unauthenticated",
        request === CONSOLE_WRITE
          ? refuse("unauthenticated", (await getTranslations("refusals"))("signedOut"))
          : refuse(
              "unauthenticated",
              "Your session has ended, or the API token is not valid (wrong, expired or revoked). Sign in again.",
            ),
      );
    if (request.write) {
      const limited = await admitAction(user.subject, { checkOrigin: user.via !== "api" });
      if (limited) {
        // The console's pages say the rate limit in the reader's language; the API keeps the English.
        const seconds = limited.retryAfterSeconds;
        const message =
          request === CONSOLE_WRITE && seconds !== null
            ? (await getTranslations("refusals"))("tooManyChanges", { seconds })
            : limited.message;
        return answer("limited", {
          ...refuse(seconds === null ? "forbidden" : "rate_limited", message),
          ...(limited.retryAfterSeconds === null ? {} : { retryAfter: limited.retryAfterSeconds }),
        });
      }
    }
    const turnedAway = guard.admit?.(user);
    if (turnedAway)
      return answer("refused", refuse(turnedAway.kind, await worded(turnedAway.message, request)));
    const parsed = opts.schema.safeParse(raw);
    if (!parsed.success) return answer("invalid", await invalid(parsed.error, request));
    const actor = { user: user.identity.user, email: user.email, requestId, via: user.via };
    const base: ActionContext<z.infer<S>> = {
      user,
      input: parsed.data,
      requestId,
      audited: (change, write) => audited(getDb(), actor, change, write),
    };
    try {
      const scoped = await guard.scope(base);
      if (!scoped.ok) return answer("refused", refuse(scoped.kind, await worded(scoped.message, request)));
      return answer("ok", { ok: true, data: await opts.run(scoped.ctx) });
    } catch (err) {
      // The registry's refusals (not found, out of the team's scope, unavailable) are the registry's answers.
      const expected = err instanceof ActionError || err instanceof KubeError || err instanceof RegistryError;
      if (!expected) {
        logger.error(
          { event: `action.${opts.name}`, requestId, err: (err as Error).message },
          "action failed",
        );
      }
      const refusal = refusalOf(err, guard.audience);
      // Pages read the refusal in the reader's language; the API keeps the English.
      const reader =
        request === CONSOLE_WRITE && (refusal.say || refusal.fieldSay) ? await readersWords() : null;
      const fieldErrors = { ...refusal.fieldErrors };
      if (reader)
        for (const [field, words] of Object.entries(refusal.fieldSay ?? {}))
          fieldErrors[field] = reader.say(words);
      return answer(expected ? "refused" : "error", {
        ok: false,
        kind: refusal.kind,
        formError: reader && refusal.say ? saidInReadersLanguage(refusal.say, reader) : refusal.formError,
        fieldErrors,
      });
    }
  };
}

type TeamActionOptions<S extends z.ZodType<{ team: string }>, T> = ActionOptions<
  S,
  TeamActionContext<z.infer<S>>,
  T
> & {
  /**
   * The least team role this action needs. Checked by the console only for token callers, whose
   * role is capped by the token (the API server knows nothing of the cap); for everyone the API
   * server still decides as the impersonated user. `session` for actions personal access tokens
   * may never run (managing tokens themselves); the user's own sign-in (a console session, or an
   * OIDC access token of the IdP, which carries no cap) may.
   */
  needs: TeamRole | "session";
};

/**
 * A team-scoped action: the team is found among the user's own memberships (a forged slug finds
 * nothing; a token finds only its own team). Roles are not checked here for sessions: the API
 * server decides as the impersonated user.
 */
export function teamAction<S extends z.ZodType<{ team: string }>, T>(
  opts: TeamActionOptions<S, T>,
): ChainAction<T> {
  return authedAction(
    {
      audience: "team",
      admit: (user) =>
        opts.needs === "session" && user.token
          ? {
              kind: "forbidden",
              message: "Personal access tokens cannot do this: sign in (the console, or kaas login).",
            }
          : null,
      scope: async (base) => {
        const team = (await myTeams(base.user)).find((t) => t.slug === base.input.team);
        if (!team) return { ok: false, kind: "not_found", message: says("teamNotFound") };
        if (base.user.token && opts.needs !== "session" && !roleAtLeast(team.role, opts.needs)) {
          return {
            ok: false,
            kind: "forbidden",
            message: `This token allows the ${team.role} role in this team; this needs ${opts.needs}.`,
          };
        }
        return {
          ok: true,
          ctx: {
            ...base,
            team,
            audited: (change, write) => base.audited({ ...change, teamSlug: team.slug }, write),
          },
        };
      },
    },
    opts,
  );
}

/**
 * Who may run platform actions. A console session: platform admins; others are told "Not found.",
 * as the admin pages answer them 404. A bearer token: only a platform admin's personal access token
 * made for the platform. Every other bearer token is refused (403), the admin's own OIDC access
 * token (`kaas login`) included: its refresh token sits on the admin's disk for days for everyday
 * team work, and platform power over the API should be a deliberate, revocable grant, not a side
 * effect of signing the CLI in.
 */
export function platformAdmission(
  user: CurrentUser,
): { kind: RefusalKind; message: string | ActionWords } | null {
  if (user.via !== "api")
    return isPlatformAdmin(user) ? null : { kind: "not_found", message: says("notFound") };
  // A personal token not made for the platform has lost the platform groups already (lib/auth/session).
  if (isPlatformAdmin(user) && user.token?.platform) return null;
  return {
    kind: "forbidden",
    message:
      "Platform administration over the API takes a personal access token made for the platform: a platform admin creates one on the tokens page.",
  };
}

/**
 * A platform admin's action ({@link platformAdmission}), checked before the input is read.
 * Kubernetes writes impersonate the admin, so the API server (the `kaas:platform-admin`
 * ClusterRole) has the last word.
 */
export function platformAction<S extends z.ZodType, T>(
  opts: ActionOptions<S, ActionContext<z.infer<S>>, T>,
): ChainAction<T> {
  return authedAction(
    { audience: "platform", admit: platformAdmission, scope: async (base) => ({ ok: true, ctx: base }) },
    opts,
  );
}

/**
 * An action of any signed-in user that belongs to no team (the API's team list): the chain's
 * authentication, limits and validation, nothing more.
 */
export function userAction<S extends z.ZodType, T>(
  opts: ActionOptions<S, ActionContext<z.infer<S>>, T>,
): ChainAction<T> {
  return authedAction({ audience: "team", scope: async (base) => ({ ok: true, ctx: base }) }, opts);
}
