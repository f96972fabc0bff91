/**
 * The console's own origin: the public URL's (`AUTH_URL`) when set, else the one the request was
 * addressed to. Null when neither can be read.
 */
export function consoleOrigin(
  authUrl: string | undefined,
  host: string | null,
  proto: string,
): string | null {
  if (authUrl) {
    try {
      return new URL(authUrl).origin;
    } catch {
      // An unreadable AUTH_URL falls through to the request's host, as Auth.js does with trustHost.
    }
  }
  if (!host) return null;
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * Why a state-changing request must be refused for its `Origin`, or null when it came from the
 * console's own pages. A missing or `null` Origin is refused: every browser that runs the console
 * sends one on POST, so its absence means a non-browser client or a privacy-stripped request.
 */
export function originRefusal(origin: string | null, expected: string | null): string | null {
  if (!origin || origin === "null") {
    return "This request did not say where it came from. Reload the page and try again.";
  }
  if (!expected || origin !== expected) {
    return "This request came from another site and was refused. Use the console's own pages.";
  }
  return null;
}
