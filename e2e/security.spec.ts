import { expect, test } from "./fixtures.ts";

const TEAM_ROUTES = [
  "/",
  "/no-team",
  "/teams/team-a/clusters",
  "/teams/team-b/clusters",
  "/teams/does-not-exist/clusters",
];

test.describe("every route checks the session and the team itself", () => {
  test("anonymous requests to pages are sent to the login page; API answers 401", async ({ request }) => {
    for (const path of TEAM_ROUTES) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(307);
      expect(res.headers().location, path).toContain("/login");
    }
    for (const team of ["team-a", "team-b"]) {
      const res = await request.get(`/api/teams/${team}/clusters`, { maxRedirects: 0 });
      expect(res.status()).toBe(401);
    }
  });

  test("a forged session cookie is refused", async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL });
    const host = new URL(baseURL ?? "http://localhost:3100").hostname;
    await context.addCookies([
      {
        name: "authjs.session-token",
        value: "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.forged.forged.forged.forged",
        domain: host,
        path: "/",
      },
    ]);
    const api = await context.request.get("/api/teams/team-a/clusters", { maxRedirects: 0 });
    expect(api.status()).toBe(401);
    const page = await context.request.get("/teams/team-a/clusters", { maxRedirects: 0 });
    expect(page.status()).toBe(307);
    expect(page.headers().location).toContain("/login");
    await context.close();
  });

  test("bob cannot read team-b through any route, even with a forged slug or headers", async ({ asUser }) => {
    const page = await asUser("bob");
    const forged = ["team-b", "TEAM-B", "team-b%2F", "team-a%2F..%2Fteam-b", "..%2Fteam-b", "team-b%00"];
    for (const slug of forged) {
      for (const path of [`/teams/${slug}/clusters`, `/api/teams/${slug}/clusters`]) {
        const res = await page.request.get(path, { maxRedirects: 0 });
        expect(res.status(), path).not.toBe(200);
        expect(await res.text(), path).not.toContain("analytics");
      }
    }
    // Impersonation headers from a browser are dropped: bob stays bob.
    const spoof = await page.request.get("/api/teams/team-a/clusters", {
      headers: { "Impersonate-User": "oidc:carol", "Impersonate-Group": "oidc:team-b-admins" },
    });
    expect(spoof.status()).toBe(200);
    const body = (await spoof.json()) as { clusters: { name: string; namespace: string }[] };
    expect(body.clusters.map((c) => c.namespace)).toEqual(["team-a", "team-a"]);
    const spoofB = await page.request.get("/api/teams/team-b/clusters", {
      headers: { "Impersonate-User": "oidc:carol", "Impersonate-Group": "oidc:team-b-admins" },
    });
    expect(spoofB.status()).toBe(404);
  });

  test("authenticated responses are private and not cached", async ({ asUser }) => {
    const page = await asUser("bob");
    const res = await page.request.get("/api/teams/team-a/clusters");
    expect(res.headers()["cache-control"]).toContain("no-store");
    expect(res.headers()["cache-control"]).toContain("private");
    const html = await page.request.get("/teams/team-a/clusters");
    expect(html.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
    expect(html.headers()["cache-control"]).toContain("no-store");
  });
});
