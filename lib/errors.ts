import { KubeError } from "@/lib/k8s/errors.ts";

/** Error codes users may see, as `type:surface`. */
export type ErrorCode =
  | "forbidden:cluster"
  | "not_found:cluster"
  | "unavailable:cluster"
  | "bad_request:cluster"
  | "internal:console";

/** What a user is shown for an error: a title and what to do about it. Never raw internals. */
export type UserError = { code: ErrorCode; title: string; message: string };

/** Maps an error from the management cluster to a message a user can act on. */
export function userErrorFrom(err: unknown): UserError {
  if (err instanceof KubeError) {
    if (err.status === 403) {
      return {
        code: "forbidden:cluster",
        title: "The management cluster refused access",
        message:
          "Your account is not allowed to do this in this team's namespace. Ask a team admin to check your role.",
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
