import { type ActionWords, says, sayWords } from "@/lib/action-words.ts";
import { readableMessage } from "@/lib/capi/field-paths.ts";
import { english, type Messages, type MessageValues } from "@/lib/i18n/english.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import { RegistryError } from "@/lib/registry/errors.ts";

export { type ActionWords, says };

/**
 * What kind of refusal a failed action is, beside its message: forms ignore it, the HTTP API
 * answers its status from it (lib/api/problem.ts), so no caller reads meaning out of messages.
 */
export type RefusalKind =
  /** No (valid) session or token. */
  | "unauthenticated"
  /** The console or the API server does not allow this caller to do it. */
  | "forbidden"
  /** The team or object does not exist for this caller. */
  | "not_found"
  /** The object is in a state that does not allow it (being deleted, changed concurrently). */
  | "conflict"
  /** The change was based on a version the object no longer has (the topology fingerprint). */
  | "stale"
  /** The input is wrong: see the field errors. */
  | "invalid"
  /** Understood but refused (quota, webhook, nothing to change). */
  | "refused"
  /** Too many requests: try again after `retryAfter` seconds. */
  | "rate_limited"
  /** The management cluster or registry did not answer. */
  | "unavailable"
  /** Something broke in the console. */
  | "internal";

/**
 * An {@link ActionWords} (lib/action-words.ts: a refusal the console words itself, by catalog key)
 * in English, as the API, the CLI and the logs say it; pages say the key in the reader's language.
 */
export function inEnglish(words: ActionWords): string {
  return sayWords(words, english, "en");
}

/**
 * An expected refusal with a message for the user (quota, conflict, confirmation). The message and
 * field messages are English; where they were given as {@link ActionWords}, `say` and `fieldSay`
 * keep their keys for pages to translate. A plain string is shown as it is (the API server's words).
 */
export class ActionError extends Error {
  readonly fieldErrors: Record<string, string>;
  readonly details: Record<string, unknown>;
  readonly kind: RefusalKind;
  readonly say: ActionWords | undefined;
  readonly fieldSay: Record<string, ActionWords>;

  constructor(
    message: string | ActionWords,
    fieldErrors: Record<string, string | ActionWords> = {},
    details: Record<string, unknown> = {},
    kind: RefusalKind = Object.keys(fieldErrors).length ? "invalid" : "refused",
  ) {
    super(typeof message === "string" ? message : inEnglish(message));
    this.name = "ActionError";
    this.say = typeof message === "string" ? undefined : message;
    this.fieldErrors = {};
    this.fieldSay = {};
    for (const [field, m] of Object.entries(fieldErrors)) {
      this.fieldErrors[field] = typeof m === "string" ? m : inEnglish(m);
      if (typeof m !== "string") this.fieldSay[field] = m;
    }
    this.details = details;
    this.kind = kind;
  }
}

/** Error codes users may see, as `type:surface`. */
export type ErrorCode =
  | "forbidden:cluster"
  | "not_found:cluster"
  | "unavailable:cluster"
  | "bad_request:cluster"
  | "unavailable:registry"
  | "unauthorized:registry"
  | "forbidden:registry"
  | "not_found:registry"
  | "rate_limited:registry"
  | "bad_response:registry"
  | "internal:console";

/** A user error's wording in the catalog (`errors.<key>`): its title and what to do. */
export type UserErrorKey = keyof Messages["errors"];

/**
 * What a user is shown for an error: a title and what to do about it. Never raw internals.
 * `title` and `message` are English (logs, tests); pages say `key` (with `values`) in the
 * reader's language, except a message `asIs` (the API server's own words, shown as they come).
 */
export type UserError = {
  code: ErrorCode;
  title: string;
  message: string;
  key: UserErrorKey;
  values?: MessageValues;
  asIs?: boolean;
};

function userError(code: ErrorCode, key: UserErrorKey, values?: MessageValues): UserError {
  return {
    code,
    key,
    ...(values ? { values } : {}),
    title: english(`errors.${key}.title`),
    message: english(`errors.${key}.message`, values),
  };
}

/** Maps a registry failure to a message a user can act on. */
function registryUserError(err: RegistryError): UserError {
  switch (err.kind) {
    case "unauthorized":
      return userError("unauthorized:registry", "registryUnauthorized");
    case "forbidden":
      return userError("forbidden:registry", "registryForbidden");
    case "not_found":
      return userError("not_found:registry", "registryNotFound");
    case "rate_limited":
      return err.retryAfter
        ? userError("rate_limited:registry", "registryRateLimited", { seconds: Math.ceil(err.retryAfter) })
        : userError("rate_limited:registry", "registryRateLimitedMinute");
    case "too_large":
    case "bad_response":
      return userError("bad_response:registry", "registryBadResponse");
    default:
      return userError("unavailable:registry", "registryUnavailable");
  }
}

/**
 * Maps an error from the management cluster or the registry to a message a user can act on.
 * `audience` says who acts on a refusal: a team member asks their team admin; a platform admin
 * (admin pages and actions) checks their own platform role, as no team admin can grant it.
 */
export function userErrorFrom(err: unknown, audience: "team" | "platform" = "team"): UserError {
  if (err instanceof RegistryError) return registryUserError(err);
  if (err instanceof KubeError) {
    if (err.status === 403) {
      return userError(
        "forbidden:cluster",
        audience === "platform" ? "clusterForbiddenPlatform" : "clusterForbidden",
      );
    }
    if (err.status === 404) {
      return userError("not_found:cluster", "clusterNotFound");
    }
    if (err.status === 400 || err.status === 422) {
      return {
        code: "bad_request:cluster",
        key: "clusterBadRequest",
        title: english("errors.clusterBadRequest.title"),
        message: err.message,
        asIs: true,
      };
    }
  }
  const code =
    (err as { code?: string; cause?: { code?: string } })?.cause?.code ?? (err as { code?: string })?.code;
  if (
    code === "ECONNREFUSED" ||
    code === "ETIMEDOUT" ||
    code === "UND_ERR_CONNECT_TIMEOUT" ||
    err instanceof KubeError
  ) {
    return userError("unavailable:cluster", "clusterUnavailable");
  }
  return userError("internal:console", "internal");
}

/** Who acts on a refusal: a team member asks their team admin; a platform admin checks their own role. */
export type Audience = "team" | "platform";

/** A refusal the console words itself, for pages to say in the reader's language: a key of `refusals`, or a user error. */
export type RefusalWords =
  | { refusal: keyof Messages["refusals"]; values?: MessageValues }
  | { userError: UserError }
  | { actionError: ActionWords };

/**
 * A refusal as a form shows it: a message above the form and messages beside fields, and its kind.
 * `formError` and `fieldErrors` are English (the API's problem documents and the logs); `say`
 * and `fieldSay`, where the console worded them, are what pages translate
 * (lib/actions/safe-action.ts).
 */
export type Refusal = {
  kind: RefusalKind;
  formError: string | null;
  fieldErrors: Record<string, string>;
  say?: RefusalWords;
  fieldSay?: Record<string, ActionWords>;
};

function worded(kind: RefusalKind, refusal: keyof Messages["refusals"], values?: MessageValues): Refusal {
  return {
    kind,
    formError: english(`refusals.${refusal}`, values),
    fieldErrors: {},
    say: { refusal, ...(values ? { values } : {}) },
  };
}

function kindOfUserError(code: ErrorCode): RefusalKind {
  if (code.startsWith("forbidden:") || code === "unauthorized:registry") return "forbidden";
  if (code.startsWith("not_found:")) return "not_found";
  if (code === "bad_request:cluster") return "invalid";
  if (code === "internal:console") return "internal";
  return "unavailable";
}

/** Causes the API server names with a field path (schema and webhook errors). */
function kubeCauses(err: KubeError): { field: string; message: string }[] {
  const causes = (err.details as { causes?: { field?: string; message?: string }[] } | undefined)?.causes;
  return (causes ?? []).flatMap((c) =>
    c.field && c.message ? [{ field: c.field, message: c.message }] : [],
  );
}

/**
 * Puts the API server's field errors on form fields: `toField` names the form field of an API
 * path (`spec.topology.version` → `version`), or null. Returns an {@link ActionError} carrying
 * them, or `err` itself when it is no field refusal or none of its fields maps.
 */
export function withFormFields(err: unknown, toField: (kubePath: string) => string | null): unknown {
  if (!(err instanceof KubeError) || (err.status !== 422 && err.status !== 400)) return err;
  const fields: Record<string, string> = {};
  for (const c of kubeCauses(err)) {
    const key = toField(c.field);
    if (key) fields[key] ??= readableMessage(c.message);
  }
  if (!Object.keys(fields).length) return err;
  return new ActionError(says("clusterRefusedFields"), fields);
}

/**
 * The one mapping of a failed change to what the user sees: the console's own refusals as they
 * are, the API server's conflicts, quota and validation refusals in words, anything else through
 * {@link userErrorFrom} (never raw internals).
 */
export function refusalOf(err: unknown, audience: Audience = "team"): Refusal {
  if (err instanceof ActionError)
    return {
      kind: err.kind,
      formError: err.message,
      fieldErrors: err.fieldErrors,
      ...(err.say ? { say: { actionError: err.say } } : {}),
      ...(Object.keys(err.fieldSay).length ? { fieldSay: err.fieldSay } : {}),
    };
  if (err instanceof KubeError) {
    if (err.status === 409 && err.reason === "AlreadyExists" && audience === "team") {
      return worded("conflict", "nameExists");
    }
    if (err.status === 409) {
      return worded("conflict", audience === "platform" ? "changedPlatform" : "changedCluster");
    }
    if (err.status === 403 && /exceeded quota/.test(err.message)) {
      const used = /used: [^=]+=(\d+)/.exec(err.message)?.[1];
      const limit = /limited: [^=]+=(\d+)/.exec(err.message)?.[1];
      return used && limit
        ? worded("refused", "quotaUsedUpCounts", { used, limit })
        : worded("refused", "quotaUsedUp");
    }
    if (err.status === 400 || err.status === 422) {
      return {
        kind: "invalid",
        formError: err.message.replace(/^admission webhook "[^"]+" denied the request: /, ""),
        fieldErrors: {},
      };
    }
  }
  const e = userErrorFrom(err, audience);
  return {
    kind: kindOfUserError(e.code),
    formError: `${e.title}. ${e.message}`,
    fieldErrors: {},
    say: { userError: e },
  };
}

/**
 * How an attempted change ends in the audit log: `refused` when the console or the API server
 * said no (a 4xx), `failed` when something broke; `reason` names the refusal without secrets.
 */
export function auditOutcomeOf(err: unknown): { outcome: "refused" | "failed"; reason: string } {
  if (err instanceof ActionError) return { outcome: "refused", reason: err.message };
  if (err instanceof KubeError)
    return { outcome: err.status < 500 ? "refused" : "failed", reason: `${err.status} ${err.reason}` };
  return { outcome: "failed", reason: "error" };
}
