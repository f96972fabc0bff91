import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
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
