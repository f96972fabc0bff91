import type { ActionResult } from "@/lib/actions/safe-action.ts";
import type { RefusalKind } from "@/lib/errors.ts";

/** Headers of every authenticated API answer. */
export const PRIVATE = { "cache-control": "private, no-store" } as const;

/** The HTTP status of each kind of refusal. */
export const STATUS_OF_KIND: Record<RefusalKind, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  stale: 412,
  invalid: 422,
  refused: 422,
  rate_limited: 429,
  unavailable: 502,
  internal: 500,
};

/** Titles per status, as RFC 9457 wants them: the same for every occurrence of the problem type. */
const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Not signed in",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  412: "Precondition failed",
  415: "Unsupported media type",
  422: "Unprocessable request",
  428: "Precondition required",
  429: "Too many requests",
  500: "Internal error",
  502: "Upstream unavailable",
};

/** The title of a problem status. */
export function problemTitle(status: number): string {
  return TITLES[status] ?? "Error";
}

/** The problem statuses an API route may answer, for the OpenAPI document. */
export const PROBLEM_STATUSES = Object.keys(TITLES).map(Number);

/** One field's error: its path in the request (`workers.0.replicas`) and what is wrong. */
export type ProblemFieldError = { path: string; message: string };

/** An `application/problem+json` body (RFC 9457) with the console's field errors. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: ProblemFieldError[];
};

/**
 * An RFC 9457 problem answer. `detail` is a message meant for users (never internals); the type
 * names the problem on the API reference page.
 */
export function problem(
  status: number,
  detail: string,
  errors: ProblemFieldError[] = [],
  headers: Record<string, string> = {},
): Response {
  const body: Problem = {
    type: `/api/docs#problem-${status}`,
    title: TITLES[status] ?? "Error",
    status,
    detail,
    errors,
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...PRIVATE, "content-type": "application/problem+json", ...headers },
  });
}

/** A refused chain result as a problem: status from its kind, fields from its field errors. */
export function problemOf(result: Extract<ActionResult<unknown>, { ok: false }>): Response {
  const kind = result.kind ?? "refused";
  const status = STATUS_OF_KIND[kind];
  const errors = Object.entries(result.fieldErrors).map(([path, message]) => ({ path, message }));
  const detail =
    result.formError ??
    (errors.length ? "Some fields need attention: see errors." : (TITLES[status] ?? "Error"));
  const headers: Record<string, string> =
    kind === "rate_limited" && result.retryAfter ? { "retry-after": String(result.retryAfter) } : {};
  return problem(status, detail, errors, headers);
}
