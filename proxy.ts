import { type NextRequest, NextResponse } from "next/server";
import { safeCallbackPath } from "@/lib/auth/callback.ts";
import { trustedProxyCount } from "@/lib/limits/client-address.ts";
import { HSTS_VALUE, servedOverHttps } from "@/lib/limits/https.ts";

const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

/**
 * Sets a per-request nonce-based Content-Security-Policy (and HSTS when served over TLS) and sends visitors without a session
 * cookie to the login page. This is a convenience only: every page, action and route handler
 * checks the session and the team itself.
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = btoa(crypto.randomUUID());
  const dev = process.env.NODE_ENV !== "production";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self'${dev ? " 'unsafe-inline'" : ` 'nonce-${nonce}'`}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  // Impersonation is the server's business; nothing a browser sends may ask for it.
  for (const name of [...headers.keys()]) if (name.startsWith("impersonate-")) headers.delete(name);

  const { pathname, search } = request.nextUrl;
  const hasSession = SESSION_COOKIES.some((c) => request.cookies.has(c));
  let response: NextResponse;
  if (
    !hasSession &&
    (pathname === "/" ||
      pathname.startsWith("/teams") ||
      pathname.startsWith("/no-team") ||
      pathname.startsWith("/status") ||
      pathname.startsWith("/admin"))
  ) {
    const login = new URL("/login", request.url);
    // The intercepted path is the request's own, but it comes back to us as a redirect target.
    login.searchParams.set("callbackUrl", safeCallbackPath(`${pathname}${search}`));
    response = NextResponse.redirect(login);
  } else {
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set("content-security-policy", csp);
  // Here, not in next.config.js: whether TLS is in front is known only at run time (AUTH_URL, proxy).
  const trusted = trustedProxyCount(process.env.KAAS_TRUSTED_PROXIES);
  if (servedOverHttps(process.env.AUTH_URL, request.headers.get("x-forwarded-proto"), trusted)) {
    response.headers.set("strict-transport-security", HSTS_VALUE);
  }
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|api/healthz).*)" }],
};
