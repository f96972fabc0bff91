import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { proxy } from "./proxy.ts";

const ORIGIN = "http://localhost:3100";

/** The callbackUrl of the login redirect the proxy answers an anonymous request to `path` with. */
function callbackFor(path: string): string | null {
  const res = proxy(new NextRequest(new URL(path, ORIGIN)));
  expect(res.status).toBe(307);
  const location = new URL(res.headers.get("location") ?? "", ORIGIN);
  expect(location.origin).toBe(ORIGIN);
  expect(location.pathname).toBe("/login");
  return location.searchParams.get("callbackUrl");
}

describe("proxy: anonymous requests go to the login page with a callback", () => {
  it.each([
    "/status?health=failing",
    "/status?team=team-a&health=failing",
    "/teams/team-a/clusters?sort=name",
    "/teams/team-a/clusters/web-prod",
    "/admin",
    "/",
  ])("comes back to %s", (path) => {
    expect(callbackFor(path)).toBe(path);
  });

  it("sends a path the one rule refuses to the root instead", () => {
    expect(callbackFor("/teams/%5c%5cevil.example")).toBe("/");
  });

  it("lets requests with a session cookie through", () => {
    const req = new NextRequest(new URL("/status", ORIGIN), {
      headers: { cookie: "authjs.session-token=x" },
    });
    expect(proxy(req).headers.get("location")).toBeNull();
  });
});

describe("proxy: HSTS only where the console is served over TLS", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  const hsts = (url: string, headers: Record<string, string> = {}) =>
    proxy(new NextRequest(new URL("/login", url), { headers })).headers.get("strict-transport-security");

  it("is sent for an https public URL, for at least a year with subdomains", () => {
    vi.stubEnv("AUTH_URL", "https://console.example.com");
    const value = hsts("https://console.example.com") ?? "";
    expect(Number(value.match(/max-age=(\d+)/)?.[1])).toBeGreaterThanOrEqual(31_536_000);
    expect(value).toContain("includeSubDomains");
  });

  it("is not sent over plain http, even when an untrusted client claims https", () => {
    vi.stubEnv("AUTH_URL", "http://localhost:3100");
    vi.stubEnv("KAAS_TRUSTED_PROXIES", "");
    expect(hsts(ORIGIN, { "x-forwarded-proto": "https" })).toBeNull();
  });

  it("is sent when a trusted proxy says the client spoke https", () => {
    vi.stubEnv("AUTH_URL", "");
    vi.stubEnv("KAAS_TRUSTED_PROXIES", "1");
    expect(hsts(ORIGIN, { "x-forwarded-proto": "https" })).not.toBeNull();
  });
});
