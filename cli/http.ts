/** The CLI's one way to the API: JSON in and out, problems turned into errors with exit codes. */

/** Exit codes scripts may rely on. */
export const EXIT = { ok: 0, usage: 1, refused: 2, conflict: 3, unavailable: 4 } as const;

/** An RFC 9457 problem the API answered, or a failure to reach it. */
export class ApiFailure extends Error {
  readonly status: number;
  readonly errors: { path: string; message: string }[];
  readonly exitCode: number;
  constructor(status: number, message: string, errors: { path: string; message: string }[] = []) {
    super(message);
    this.status = status;
    this.errors = errors;
    this.exitCode = exitCodeOf(status);
  }
}

/** 0 ok, 2 refused or not found, 3 conflict or stale, 4 the server or network; 1 is usage. */
export function exitCodeOf(status: number): number {
  if (status === 409 || status === 412 || status === 428) return EXIT.conflict;
  if (status === 0 || status === 429 || status >= 500) return EXIT.unavailable;
  return EXIT.refused;
}

export type Client = {
  server: string;
  token: string;
};

type Options = {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | undefined>;
};

function url(client: Client, path: string, query: Options["query"]): URL {
  const u = new URL(`/api/v1${path}`, client.server);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, v);
  return u;
}

/** One request; the response when it is 2xx, else an {@link ApiFailure}. */
export async function send(client: Client, path: string, opts: Options = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url(client, path, opts.query), {
      method: opts.method ?? "GET",
      headers: {
        authorization: `Bearer ${client.token}`,
        accept: "application/json, application/problem+json",
        ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
        ...opts.headers,
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
  } catch (err) {
    throw new ApiFailure(0, `Cannot reach ${client.server}: ${(err as Error).message}`);
  }
  if (res.ok) return res;
  let detail = `${res.status} ${res.statusText}`;
  let errors: { path: string; message: string }[] = [];
  try {
    const p = (await res.json()) as { title?: string; detail?: string; errors?: typeof errors };
    detail = p.detail ?? p.title ?? detail;
    errors = Array.isArray(p.errors) ? p.errors : [];
  } catch {
    // Not a problem document: the status line says enough.
  }
  if (res.status === 429) {
    const after = res.headers.get("retry-after");
    if (after) detail = `${detail} (retry after ${after} s)`;
  }
  throw new ApiFailure(res.status, detail, errors);
}

/** One request answering JSON. */
export async function call<T>(client: Client, path: string, opts: Options = {}): Promise<T> {
  return (await send(client, path, opts)).json() as Promise<T>;
}

/**
 * Reads a Server-Sent Events stream, calling `onEvent` per event until the stream ends or
 * `signal` aborts.
 */
export async function readEvents(
  client: Client,
  path: string,
  query: Options["query"],
  onEvent: (event: string, data: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  const res = await send(client, path, { query, headers: { accept: "text/event-stream" } });
  if (!res.body) return;
  const decoder = new TextDecoder();
  let buffer = "";
  const reader = res.body.getReader();
  signal?.addEventListener("abort", () => void reader.cancel());
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      if (data.length) onEvent(event, data.join("\n"));
      end = buffer.indexOf("\n\n");
    }
  }
}
