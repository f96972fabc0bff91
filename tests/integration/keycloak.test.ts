/**
 * What the console's identity freshness relies on, checked against a real Keycloak 26 with the
 * `kaas` realm: the issuer, the demo users and groups, the code flow with PKCE through Keycloak's own
 * login form, refresh-token rotation with reuse detection, group changes, disabled users, ending a
 * user's sessions and the back-channel logout that follows, and the event log that counts grants.
 * A loopback HTTP server stands in for the console's back-channel logout route (Keycloak's peer,
 * which only records what Keycloak sends).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceSignIn } from "@/dev/idp/device-flow.ts";
import { DEMO_USERS } from "@/dev/idp/idp.ts";
import { KeycloakAdmin } from "@/dev/keycloak/admin.ts";
import { KEYCLOAK_CONSOLE_SCOPE, type RunningKeycloak, startKeycloak } from "@/dev/keycloak/keycloak.ts";
import {
  CONSOLE_SCOPE,
  jwtClaims,
  type OidcClient,
  refresh,
  signIn,
  type TokenSet,
  verifiedClaims,
} from "@/dev/keycloak/oidc.ts";
import { verifyAccessToken } from "@/lib/auth/idp.ts";
import { accessTokenUser } from "@/lib/auth/session.ts";

let kc: RunningKeycloak;
let admin: KeycloakAdmin;
let client: OidcClient;
let receiver: Server;
/** Bodies Keycloak POSTed to the back-channel logout URL. */
const logoutPosts: { contentType: string; body: URLSearchParams }[] = [];

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

function tokensOf(result: Awaited<ReturnType<typeof refresh>>): TokenSet {
  if (!result.ok)
    throw new Error(`refresh refused: ${result.error.error} (${result.error.error_description})`);
  return result.tokens;
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => {
      logoutPosts.push({ contentType: req.headers["content-type"] ?? "", body: new URLSearchParams(body) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", () => resolve()));
  const { port } = receiver.address() as AddressInfo;
  // A free port, so a demo on Keycloak's default 4480 can run beside the tests.
  kc = await startKeycloak({
    port: 0,
    backchannelLogoutUrl: `http://127.0.0.1:${port}/api/auth/backchannel-logout`,
    log: () => {},
  });
  admin = new KeycloakAdmin(kc);
  client = { issuer: kc.issuer, clientId: kc.clientId, clientSecret: kc.clientSecret };
}, 600_000);

afterAll(async () => {
  await kc?.stop();
  await new Promise((r) => receiver?.close(r));
});

describe("Keycloak in the test world", () => {
  it("publishes the kaas realm at the issuer it writes into tokens, with back-channel logout", async () => {
    expect(kc.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/realms\/kaas$/);
    const doc = (await (await fetch(`${kc.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(doc.issuer).toBe(kc.issuer);
    expect(doc.backchannel_logout_supported).toBe(true);
    expect(doc.backchannel_logout_session_supported).toBe(true);
    expect(doc.code_challenge_methods_supported).toContain("S256");
    expect(doc.end_session_endpoint).toBe(`${kc.issuer}/protocol/openid-connect/logout`);
    expect(doc.scopes_supported).toEqual(expect.arrayContaining(["openid", "profile", "email", "groups"]));

    const consoleClient = await admin.client("kaas-console");
    expect(consoleClient.attributes["backchannel.logout.url"]).toMatch(/\/api\/auth\/backchannel-logout$/);
    expect(consoleClient.attributes["backchannel.logout.session.required"]).toBe("true");
  });

  it("holds the dev IdP's demo users, each in the same groups", async () => {
    for (const user of DEMO_USERS) {
      expect((await admin.userGroups(user.username)).sort(), user.username).toEqual([...user.groups].sort());
    }
  });

  it("signs bob in through the login form with PKCE: the ID token names him and his groups", async () => {
    const tokens = await signIn(client, "bob", "bob-demo", { scope: KEYCLOAK_CONSOLE_SCOPE });
    // Seconds left, counted by Keycloak: 60, or 59 when a second boundary passes.
    expect(tokens.expires_in).toBeGreaterThanOrEqual(58);
    expect(tokens.expires_in).toBeLessThanOrEqual(60);
    expect(tokens.refresh_expires_in).toBeGreaterThanOrEqual(1798);
    const id = await verifiedClaims(kc.issuer, tokens.id_token ?? "");
    expect(id).toMatchObject({
      iss: kc.issuer,
      aud: "kaas-console",
      preferred_username: "bob",
      groups: ["team-a"],
      email: "bob@example.com",
      email_verified: true,
      name: "Bob Member",
    });
    // `sub` is Keycloak's user id; the console reads `preferred_username` (OIDC_USERNAME_CLAIM).
    expect(id.sub).toMatch(/^[0-9a-f-]{36}$/);
    // The session id a back-channel logout_token names.
    expect(id.sid).toBe(tokens.session_state);
    expect(jwtClaims(tokens.refresh_token ?? "").typ).toBe("Refresh");

    await expect(signIn(client, "bob", "wrong-password")).rejects.toThrow(/sign-in of bob failed/);
  });

  it("rotates refresh tokens: the new one works, the old one is refused, and that reuse ends the session", async () => {
    await admin.clearEvents();
    const first = await signIn(client, "bob", "bob-demo", { scope: KEYCLOAK_CONSOLE_SCOPE });
    const second = tokensOf(await refresh(client, first.refresh_token ?? ""));
    expect(second.refresh_token).not.toBe(first.refresh_token);
    // Every refresh answers with a new ID token, groups re-read.
    expect(jwtClaims(second.id_token ?? "")).toMatchObject({ preferred_username: "bob", groups: ["team-a"] });
    const third = tokensOf(await refresh(client, second.refresh_token ?? ""));

    const reuse = await refresh(client, second.refresh_token ?? "");
    expect(reuse).toMatchObject({
      ok: false,
      status: 400,
      error: { error: "invalid_grant", error_description: "Maximum allowed refresh token reuse exceeded" },
    });
    // Reuse detection detaches the client from the session: the newest token is dead too.
    expect(await refresh(client, third.refresh_token ?? "")).toMatchObject({
      ok: false,
      status: 400,
      error: { error: "invalid_grant", error_description: "Session doesn't have required client" },
    });

    const refreshes = await eventually(
      () => admin.events({ type: "REFRESH_TOKEN", user: "bob", client: "kaas-console" }),
      (events) => events.length >= 2,
    );
    expect(refreshes).toHaveLength(2);
    expect(refreshes[0]?.details?.refresh_token_type).toBe("Refresh");
    // Refusals are logged without the user (filter by client, not user); the reason is in details.
    const errors = await eventually(
      () => admin.events({ type: "REFRESH_TOKEN_ERROR", client: "kaas-console" }),
      (events) => events.length >= 2,
    );
    expect(errors.map((e) => [e.error, e.userId, e.details?.reason])).toEqual([
      ["invalid_token", undefined, "Session doesn't have required client"],
      ["invalid_token", undefined, "Maximum allowed refresh token reuse exceeded"],
    ]);
  });

  it("a group removed at Keycloak is gone from the next refresh; re-adding brings it back", async () => {
    const tokens = await signIn(client, "bob", "bob-demo", { scope: KEYCLOAK_CONSOLE_SCOPE });
    await admin.removeFromGroup("bob", "team-a");
    try {
      const after = tokensOf(await refresh(client, tokens.refresh_token ?? ""));
      // No groups left: Keycloak leaves the claim out rather than sending [].
      expect(jwtClaims(after.id_token ?? "").groups).toBeUndefined();
      expect(jwtClaims(after.access_token).groups).toBeUndefined();
      await admin.addToGroup("bob", "team-a");
      const back = tokensOf(await refresh(client, after.refresh_token ?? ""));
      expect(jwtClaims(back.id_token ?? "").groups).toEqual(["team-a"]);
    } finally {
      if (!(await admin.userGroups("bob")).includes("team-a")) await admin.addToGroup("bob", "team-a");
    }
  });

  it("refuses a disabled user's refresh with invalid_grant", async () => {
    const tokens = await signIn(client, "bob", "bob-demo", { scope: KEYCLOAK_CONSOLE_SCOPE });
    await admin.setEnabled("bob", false);
    try {
      expect(await refresh(client, tokens.refresh_token ?? "")).toMatchObject({
        ok: false,
        status: 400,
        error: { error: "invalid_grant", error_description: "User disabled" },
      });
      await expect(signIn(client, "bob", "bob-demo")).rejects.toThrow(/sign-in of bob failed/);
    } finally {
      await admin.setEnabled("bob", true);
    }
  });

  it("ending bob's sessions refuses his refresh and sends one signed logout_token per session", async () => {
    const a = await signIn(client, "bob", "bob-demo", { scope: KEYCLOAK_CONSOLE_SCOPE });
    const b = await signIn(client, "bob", "bob-demo", { scope: KEYCLOAK_CONSOLE_SCOPE });
    logoutPosts.length = 0;
    await admin.logoutUser("bob");

    expect(await refresh(client, a.refresh_token ?? "")).toMatchObject({
      ok: false,
      status: 400,
      error: { error: "invalid_grant", error_description: "Session not active" },
    });
    const posts = await eventually(
      async () => logoutPosts,
      (p) => p.length >= 2,
    );
    expect(posts.every((p) => p.contentType.startsWith("application/x-www-form-urlencoded"))).toBe(true);
    const claims = await Promise.all(
      posts.map((p) => verifiedClaims(kc.issuer, p.body.get("logout_token") ?? "")),
    );
    const sub = jwtClaims(a.id_token ?? "").sub;
    expect(claims.map((c) => c.sid).sort()).toEqual(
      expect.arrayContaining([a.session_state, b.session_state].sort()),
    );
    for (const c of claims) {
      expect(c).toMatchObject({
        iss: kc.issuer,
        aud: "kaas-console",
        sub,
        typ: "Logout",
        events: { "http://schemas.openid.net/event/backchannel-logout": {} },
      });
      expect(c.nonce).toBeUndefined();
    }
  });

  it("with offline_access (the console's default scope) Keycloak issues an offline token: no back-channel logout", async () => {
    const tokens = await signIn(client, "bob", "bob-demo", { scope: CONSOLE_SCOPE });
    expect(jwtClaims(tokens.refresh_token ?? "").typ).toBe("Offline");
    expect(tokens.refresh_expires_in).toBe(0);
    // "Log out all sessions" revokes offline tokens through the user's not-before time, which has
    // whole seconds: a token issued in the same second as the logout would survive it.
    await new Promise((r) => setTimeout(r, 1100));
    logoutPosts.length = 0;
    await admin.logoutUser("bob");
    expect(await refresh(client, tokens.refresh_token ?? "")).toMatchObject({
      ok: false,
      status: 400,
      error: { error: "invalid_grant", error_description: "Stale token" },
    });
    // But the console would hear of it only at its next refresh: no logout_token for offline sessions.
    await new Promise((r) => setTimeout(r, 1500));
    expect(logoutPosts).toHaveLength(0);
  });

  it("lets the CLI client start a device authorization", async () => {
    const res = await fetch(`${kc.issuer}/protocol/openid-connect/auth/device`, {
      method: "POST",
      body: new URLSearchParams({ client_id: "kaas-cli", scope: "openid groups" }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ verification_uri: `${kc.issuer}/device` });
    expect(typeof body.device_code).toBe("string");
    expect(typeof body.user_code).toBe("string");
  });

  it("signs the CLI in through the device flow with a token for the console's API, which the console verifies as the user with their groups", async () => {
    // As the world configures a console on Keycloak (dev/world.ts), with the API's default audience.
    process.env.OIDC_ISSUER = kc.issuer;
    process.env.OIDC_USERNAME_CLAIM = "preferred_username";
    delete process.env.OIDC_API_AUDIENCE;
    const tokens = await deviceSignIn(kc.issuer, "bob", "bob-demo", { scope: "openid profile email groups" });
    expect(jwtClaims(tokens.access_token)).toMatchObject({
      azp: "kaas-cli",
      aud: expect.arrayContaining(["kaas-api"]),
    });
    const user = await accessTokenUser(tokens.access_token);
    expect(user).toMatchObject({
      subject: "bob",
      groups: ["team-a"],
      via: "api",
      token: null,
      identity: { user: "oidc:bob", groups: ["oidc:team-a"] },
    });
    // The ID token of the same sign-in names the CLI client, not the API: refused.
    await expect(verifyAccessToken(tokens.id_token ?? "")).rejects.toThrow(/aud/);
    // A token of the console's own client (audience kaas-console and account) is not one for the API.
    const consoleTokens = await signIn(client, "bob", "bob-demo", { scope: CONSOLE_SCOPE });
    expect(await accessTokenUser(consoleTokens.access_token)).toBeNull();
  });
});
