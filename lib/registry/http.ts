import { RegistryError } from "./errors.ts";

/** An RFC 8288 `Link` header's `rel="next"` target, resolved against `base`; undefined when absent. */
export function nextLink(header: string | null, base: string | URL): URL | undefined {
  if (!header) return undefined;
  // Harbor writes `<a>; rel="prev" , <b>; rel="next"`, distribution `<a>; rel="next"`.
  for (const match of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const params = match[2] ?? "";
    if (/;\s*rel\s*=\s*"?(?:[^";,]*\s)?next(?:\s[^";,]*)?"?/i.test(params)) {
      try {
        return new URL(match[1] ?? "", base);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** A parsed `WWW-Authenticate` challenge. */
export type Challenge = { scheme: "basic" | "bearer" | "other"; params: Record<string, string> };

/** Parses the first challenge of a `WWW-Authenticate` header (registries send one). */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const m = /^\s*([A-Za-z][\w-]*)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const scheme = (m[1] ?? "").toLowerCase();
  const params: Record<string, string> = {};
  for (const p of (m[2] ?? "").matchAll(/([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))/g)) {
    const key = (p[1] ?? "").toLowerCase();
    params[key] = p[2] !== undefined ? p[2].replace(/\\(.)/g, "$1") : (p[3] ?? "");
  }
  return { scheme: scheme === "basic" ? "basic" : scheme === "bearer" ? "bearer" : "other", params };
}

/**
 * Reads a response body, refusing more than `limit` bytes (by `Content-Length` up front, and while
 * reading, since the header may be missing or lie).
 */
export async function readLimited(res: Response, limit: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel().catch(() => {});
    throw new RegistryError("too_large", `${what}: ${declared} bytes is over the ${limit}-byte limit`);
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new RegistryError("too_large", `${what}: more than the ${limit}-byte limit`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** Parses JSON from a body, as a {@link RegistryError} when it is not JSON. */
export function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new RegistryError("bad_response", `${what}: not JSON`);
  }
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
