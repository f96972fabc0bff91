/** Why a registry call failed, in terms a page can explain. */
export type RegistryErrorKind =
  | "unauthorized" // 401 after authenticating: the stored credentials are wrong or expired
  | "forbidden" // 403: the account may not read this
  | "not_found" // 404
  | "rate_limited" // 429
  | "unavailable" // 5xx, connection refused, timeout, DNS
  | "too_large" // a response beyond the size limit
  | "bad_response"; // a body that is not what the API promises

/** A failed registry call. `message` is for logs: it names the URL path, never credentials. */
export class RegistryError extends Error {
  readonly kind: RegistryErrorKind;
  readonly status: number | undefined;
  /** Seconds, from `Retry-After` on a 429. */
  readonly retryAfter: number | undefined;

  constructor(
    kind: RegistryErrorKind,
    message: string,
    opts: { status?: number; retryAfter?: number; cause?: unknown } = {},
  ) {
    // `cause` keeps the network detail for server logs; the message stays the same for every cause.
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "RegistryError";
    this.kind = kind;
    this.status = opts.status;
    this.retryAfter = opts.retryAfter;
  }
}

/** The error for an HTTP status the client did not expect. */
export function errorForStatus(
  status: number,
  what: string,
  retryAfterHeader?: string | null,
): RegistryError {
  if (status === 401) return new RegistryError("unauthorized", `${what}: 401`, { status });
  if (status === 403) return new RegistryError("forbidden", `${what}: 403`, { status });
  if (status === 404) return new RegistryError("not_found", `${what}: 404`, { status });
  if (status === 429) {
    const seconds = Number(retryAfterHeader);
    return new RegistryError("rate_limited", `${what}: 429`, {
      status,
      retryAfter: Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined,
    });
  }
  if (status >= 500) return new RegistryError("unavailable", `${what}: ${status}`, { status });
  return new RegistryError("bad_response", `${what}: unexpected ${status}`, { status });
}
