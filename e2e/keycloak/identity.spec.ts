import type { BrowserContext, Page } from "@playwright/test";
import { expect, test } from "@playwright/test";
import { KeycloakAdmin, type KeycloakAdminTarget } from "../../dev/keycloak/admin.ts";
import { StreamReader } from "../../tests/integration/support/sse-reader.ts";

/**
 * Identity freshness against a real Keycloak (the `keycloak` project: a second console signed in at
 * Keycloak, with `KAAS_IDENTITY_REFRESH` from E2E_KEYCLOAK_REFRESH, sharing the run's PostgreSQL).
 * Keycloak is changed through its admin REST API, as a company's IdP admin would.
 */
const target = JSON.parse(process.env.E2E_KEYCLOAK ?? "null") as KeycloakAdminTarget | null;
const REFRESH_S = Number(process.env.E2E_KEYCLOAK_REFRESH ?? 5);
// The bound, plus one stream check (5 s), plus room for a loaded two-core machine.
const WITHIN_MS = (REFRESH_S + 5 + 10) * 1000;

if (!target)
  throw new Error("E2E_KEYCLOAK is not set: this spec runs in the keycloak project (dev/e2e.ts postgres)");
const kc = () => new KeycloakAdmin(target);

const PASSWORDS: Record<string, string> = {
  alice: "alice-demo",
  bob: "bob-demo",
  carol: "carol-demo",
  erin: "erin-demo",
};

/** Signs in through the console's sign-in button and Keycloak's own login form. */
async function signIn(page: Page, user: string, path: string): Promise<void> {
  await page.goto(path);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByLabel(/username/i).fill(user);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORDS[user] ?? "");
  await page.getByRole("button", { name: /sign in/i }).click();
  await page.waitForURL((url) => url.pathname === path);
  await page.getByTestId("current-user").waitFor();
}

async function cookieHeader(context: BrowserContext): Promise<string> {
  return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

/** The status a page answers this context now, without following redirects. */
async function statusOf(page: Page, path: string): Promise<number> {
  return (await page.request.get(path, { maxRedirects: 0 })).status();
}

test.describe("identity follows Keycloak", () => {
  test("bob removed from team-a at Keycloak loses it within the refresh interval, tabs and stream included; re-added, he gets it back", async ({
    browser,
    baseURL,
  }) => {
    const context = await browser.newContext();
    const first = await context.newPage();
    await signIn(first, "bob", "/teams/team-a/clusters");
    const second = await context.newPage();
    await second.goto("/teams/team-a/clusters");
    await expect(second.getByTestId("current-user")).toHaveText("Bob Member");

    const stream = await fetch(new URL("/api/stream?kinds=clusters&namespaces=team-a", baseURL), {
      headers: { cookie: await cookieHeader(context), accept: "text/event-stream" },
    });
    expect(stream.status).toBe(200);
    const reader = new StreamReader(stream.body as ReadableStream<Uint8Array>);
    await reader.waitFor("ready", (t) => t.includes("event: ready\n"));
    expect(reader.events("snapshot").map((e) => e.namespace)).toEqual(["team-a"]);

    await kc().removeFromGroup("bob", "team-a");
    try {
      await expect.poll(() => statusOf(first, "/teams/team-a/clusters"), { timeout: WITHIN_MS }).toBe(404);
      await reader.waitFor(
        "its end",
        (t) => t.includes('event: end\ndata: {"reason":"identity-changed"}'),
        WITHIN_MS,
      );
      expect(reader.done).toBe(true);
      for (const tab of [first, second]) {
        const res = await tab.reload();
        expect(res?.status()).toBe(404);
      }
      // Still signed in: only the team went away.
      expect(await statusOf(first, "/no-team")).toBe(200);
    } finally {
      await kc().addToGroup("bob", "team-a");
    }
    await expect.poll(() => statusOf(first, "/teams/team-a/clusters"), { timeout: WITHIN_MS }).toBe(200);
    const res = await second.reload();
    expect(res?.status()).toBe(200);
    await context.close();
  });

  test("a user disabled at Keycloak is signed out, and the sign-in page says why", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "carol", "/teams/team-b/clusters");
    await kc().setEnabled("carol", false);
    try {
      await expect.poll(() => statusOf(page, "/teams/team-b/clusters"), { timeout: WITHIN_MS }).toBe(307);
      await page.reload();
      await expect(page).toHaveURL(/\/login/);
      await expect(page.getByTestId("session-ended")).toContainText(
        "Your identity provider no longer accepts your sign-in",
      );
    } finally {
      await kc().setEnabled("carol", true);
    }
    await context.close();
  });

  test("a back-channel logout from Keycloak ends the session at once", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, "alice", "/teams/team-a/clusters");
    await kc().logoutUser("alice");
    // Not waited for: Keycloak posts the logout token before its admin call returns, and the
    // reason on the sign-in page is the back-channel's, not a refused refresh's.
    await page.reload();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByTestId("session-ended")).toHaveText(
      "You were signed out by your identity provider.",
    );
    await context.close();
  });

  test("five tabs and ten parallel page loads across ten refreshes: one refresh grant each time, never a sign-out", async ({
    browser,
  }) => {
    // Ten rounds of the refresh bound plus fifteen page loads each, on a loaded two-core machine.
    test.setTimeout(240_000);
    const context = await browser.newContext();
    const first = await context.newPage();
    await signIn(first, "erin", "/teams/team-a/clusters");
    const tabs = [first];
    for (let i = 1; i < 5; i++) {
      const tab = await context.newPage();
      await tab.goto("/teams/team-a/clusters");
      tabs.push(tab);
    }
    const started = Date.now();
    const rounds = 10;
    for (let round = 0; round < rounds; round++) {
      // Past the point where a refresh is due (80 % of the bound), then everything at once. Not a
      // full 5 s: that is also Node's keep-alive timeout, and a request on a socket the server is
      // closing that moment is reset (ECONNRESET), which has nothing to do with identity.
      await new Promise((r) => setTimeout(r, REFRESH_S * 900));
      const answers = await Promise.all([
        ...tabs.map(async (tab) => (await tab.reload())?.status() ?? 0),
        ...Array.from({ length: 10 }, () => statusOf(first, "/teams/team-a/clusters")),
      ]);
      expect(answers, `round ${round + 1}`).toEqual(Array.from({ length: 15 }, () => 200));
    }
    for (const tab of tabs) await expect(tab.getByTestId("current-user")).toHaveText("Erin Viewer");

    const grants = (await kc().events({ type: "REFRESH_TOKEN", user: "erin" }))
      .filter((e) => e.time >= started)
      .map((e) => e.time)
      .sort((a, b) => a - b);
    expect(grants.length).toBeGreaterThanOrEqual(rounds);
    // Single flight: a second grant for the same expiry would land within moments of the first.
    const gaps = grants.slice(1).map((t, i) => t - (grants[i] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThan(REFRESH_S * 1000 * 0.5);
    // No refresh token was ever sent twice (Keycloak refuses a reused one, as REFRESH_TOKEN_ERROR).
    const errors = (await kc().events({ type: "REFRESH_TOKEN_ERROR", client: "kaas-console" })).filter(
      (e) => e.time >= started,
    );
    expect(errors).toEqual([]);
    console.log(
      `erin: ${grants.length} refresh grants in ${Math.round((Date.now() - started) / 1000)} s, gaps ${Math.min(...gaps)}–${Math.max(...gaps)} ms`,
    );
    await context.close();
  });
});
