import { KubeError } from "@/lib/k8s/errors.ts";
import { RegistryError } from "@/lib/registry/errors.ts";

/** An expected refusal with a message for the user (quota, conflict, confirmation). */
export class ActionError extends Error {
  readonly fieldErrors: Record<string, string>;
  readonly details: Record<string, unknown>;

  constructor(
    message: string,
    fieldErrors: Record<string, string> = {},
    details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ActionError";
    this.fieldErrors = fieldErrors;
    this.details = details;
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

/** What a user is shown for an error: a title and what to do about it. Never raw internals. */
export type UserError = { code: ErrorCode; title: string; message: string };

/** Maps a registry failure to a message a user can act on. */
function registryUserError(err: RegistryError): UserError {
  switch (err.kind) {
    case "unauthorized":
      return {
        code: "unauthorized:registry",
        title: "The registry refused the team's credentials",
        message:
          "The registry connection's account or secret is wrong or expired. Ask a team admin to update it.",
      };
    case "forbidden":
      return {
        code: "forbidden:registry",
        title: "The registry refused access",
        message: "The team's registry account may not read this. Ask a team admin to check its permissions.",
      };
    case "not_found":
      return {
        code: "not_found:registry",
        title: "Not found in the registry",
        message: "The repository or tag does not exist (any more). Go back to the list and pick another.",
      };
    case "rate_limited":
      return {
        code: "rate_limited:registry",
        title: "The registry is rate-limiting the console",
        message: `Try again in ${err.retryAfter ? `${Math.ceil(err.retryAfter)} seconds` : "a minute"}.`,
      };
    case "too_large":
    case "bad_response":
      return {
        code: "bad_response:registry",
        title: "The registry sent something the console cannot read",
        message: "The response was malformed or too large. If it persists, tell your platform team.",
      };
    default:
      return {
        code: "unavailable:registry",
        title: "The registry is unavailable",
        message:
          "The console cannot reach the team's registry right now. Try again in a minute; if it persists, tell your platform team.",
      };
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
      return {
        code: "forbidden:cluster",
        title: "The management cluster refused access",
        message:
          audience === "platform"
            ? "Your account may not do this on the management cluster. Check that your group is bound to the kaas:platform-admin ClusterRole."
            : "Your account is not allowed to do this in this team's namespace. Ask a team admin to check your role.",
      };
    }
    if (err.status === 404) {
      return {
        code: "not_found:cluster",
        title: "Not found",
        message: "The object does not exist (any more).",
      };
    }
    if (err.status === 400 || err.status === 422) {
      return {
        code: "bad_request:cluster",
        title: "Refused by the management cluster",
        message: err.message,
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
    return {
      code: "unavailable:cluster",
      title: "The management cluster is unavailable",
      message: "The console cannot reach the management cluster right now. Try again in a minute.",
    };
  }
  return {
    code: "internal:console",
    title: "Something went wrong",
    message: "Try again; if it persists, tell your platform team.",
  };
}
