/** Where a redirect goes when the destination a request asked for is refused. */
export const DEFAULT_CALLBACK_PATH = "/";

/** No page of the console has a longer URL; anything longer is refused rather than truncated. */
export const MAX_CALLBACK_LENGTH = 2048;

// A throwaway origin to resolve against: if the value resolves anywhere else, it named a host or a scheme.
const BASE = "http://console.invalid";

// `%2525252f` needs four rounds to become `/`; a value that still changes after this many is refused.
const MAX_DECODE_ROUNDS = 5;

const BACKSLASH = 0x5c;

/**
 * One round of percent-decoding, byte by byte: unlike `decodeURIComponent` it never throws on a
 * malformed sequence, so a value cannot dodge the checks below by making decoding fail.
 */
function percentDecodeOnce(value: string): string {
  return value.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/** The value and each decoding of it until decoding changes nothing; undefined if that takes too long. */
function decodings(value: string): string[] | undefined {
  const out = [value];
  let current = value;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    const next = percentDecodeOnce(current);
    if (next === current) return out;
    out.push(next);
    current = next;
  }
  return undefined;
}

function every(value: string, ok: (code: number) => boolean): boolean {
  for (let i = 0; i < value.length; i++) if (!ok(value.charCodeAt(i))) return false;
  return true;
}

// Printable ASCII without space or backslash: browsers drop tabs and newlines from URLs and read `\`
// as `/`, so either can turn `/x/host` into `//host`; anything non-ASCII may be a slash lookalike.
const plainAscii = (code: number): boolean => code > 0x20 && code < 0x7f && code !== BACKSLASH;

// A decoded query or fragment may hold a space (a free-text filter) or UTF-8 bytes (a name with an
// umlaut), but never a control character or a backslash: no page needs them and logs should not see them.
const queryText = (code: number): boolean => code >= 0x20 && code !== 0x7f && code !== BACKSLASH;

/** A path that cannot be read as protocol-relative: one `/`, then something that is not a slash. */
function startsAsLocalPath(path: string): boolean {
  return path.startsWith("/") && path[1] !== "/" && path[1] !== "\\";
}

/**
 * The one place that decides where the console sends a browser after signing in or after an action,
 * from whatever the request carried (a `callbackUrl` query parameter, Auth.js's callback cookie, the
 * path the proxy intercepted). Only a relative path on this site passes: it starts with exactly one
 * `/` and then neither `/` nor `\`, holds printable ASCII only (no control characters, whitespace,
 * backslashes or unicode slash lookalikes), raw or after repeated percent-decoding, and is at most
 * {@link MAX_CALLBACK_LENGTH} characters. A final parse must keep the origin and must not collapse
 * into `//host` through dot segments (`/.//evil`). Schemes (`javascript:`), authorities
 * (`@evil.example`) and absolute URLs never pass because they do not start with `/`.
 *
 * Pure and free of `server-only`, so `proxy.ts` uses it as well as the pages and Auth.js.
 *
 * @param value what the request carried; Next gives `string[]` for a repeated parameter, which is
 *   refused because other parsers would pick a different one of the values.
 * @returns the normalised `pathname + search + hash`, or {@link DEFAULT_CALLBACK_PATH}.
 */
export function safeCallbackPath(value: string | readonly string[] | null | undefined): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_CALLBACK_LENGTH) {
    return DEFAULT_CALLBACK_PATH;
  }
  if (!every(value, plainAscii)) return DEFAULT_CALLBACK_PATH;

  const split = value.search(/[?#]/);
  const path = split === -1 ? value : value.slice(0, split);
  const rest = split === -1 ? "" : value.slice(split);
  const paths = decodings(path);
  const rests = decodings(rest);
  if (!paths || !rests) return DEFAULT_CALLBACK_PATH;
  // `/%2f%2fevil` and `/%09/evil` are harmless to the URL parser but not to every server or proxy
  // that decodes the path again before redirecting.
  if (!paths.every((p) => startsAsLocalPath(p) && every(p, plainAscii))) return DEFAULT_CALLBACK_PATH;
  if (!rests.every((r) => every(r, queryText))) return DEFAULT_CALLBACK_PATH;

  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return DEFAULT_CALLBACK_PATH;
  }
  if (url.origin !== BASE) return DEFAULT_CALLBACK_PATH;
  const normalised = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments are resolved here, so `/.//evil` comes out as `//evil`: check what we hand on.
  if (!startsAsLocalPath(normalised)) return DEFAULT_CALLBACK_PATH;
  return normalised;
}

/**
 * Auth.js's `redirect` callback: the destination after signing in or out, which Auth.js takes from
 * a form field, a query parameter or its callback cookie, either as a path or as an absolute URL
 * on this origin. Everything is decided by {@link safeCallbackPath}; this only strips this origin.
 *
 * @returns an absolute URL on `baseUrl`, as Auth.js expects.
 */
export function authRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  let path = url;
  if (url === baseUrl) path = DEFAULT_CALLBACK_PATH;
  else if (url.startsWith(`${baseUrl}/`)) path = url.slice(baseUrl.length);
  return `${baseUrl}${safeCallbackPath(path)}`;
}
