import { ApiException } from "@kubernetes/client-node";

/** What the API server answered when it refused a call: HTTP status, reason and its message. */
export class KubeError extends Error {
  readonly status: number;
  readonly reason: string;
  readonly details: unknown;

  constructor(status: number, reason: string, message: string, details?: unknown) {
    super(message);
    this.name = "KubeError";
    this.status = status;
    this.reason = reason;
    this.details = details;
  }
}

type StatusBody = { reason?: string; message?: string; details?: unknown };

function parseStatus(body: unknown): StatusBody {
  if (typeof body === "string") {
    try {
      return JSON.parse(body) as StatusBody;
    } catch {
      return { message: body };
    }
  }
  return (body ?? {}) as StatusBody;
}

/** Turns a client error into a {@link KubeError}; other errors (network, TLS) pass through. */
export function toKubeError(err: unknown): unknown {
  if (err instanceof ApiException) {
    const status = parseStatus(err.body);
    return new KubeError(
      err.code,
      status.reason ?? "Unknown",
      status.message ?? `HTTP ${err.code}`,
      status.details,
    );
  }
  return err;
}

/** Calls the API server and rethrows its refusals as {@link KubeError}. */
export async function kubeCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toKubeError(err);
  }
}

/** Whether the API server answered 404 (the object, or its namespace, does not exist). */
export function isNotFound(err: unknown): boolean {
  return err instanceof KubeError && err.status === 404;
}
