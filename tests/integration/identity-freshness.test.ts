/**
 * Identity freshness (lib/auth/freshness.ts) against the real dev IdP (oidc-provider, refresh
 * tokens rotated with reuse detection) on both real databases: groups follow the IdP within the
 * bound, one refresh grant per session however many requests arrive together, an IdP refusal ends
 * the session, and a back-channel logout token is honoured only when the IdP really signed it.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { importJWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbConnection } from "@/db/client.ts";
import { claimRefresh, createSession, endSessionsFromIdp, getActiveSession } from "@/db/queries/sessions.ts";
import { authSessions } from "@/db/schema.ts";
import { signInWithPassword } from "@/dev/idp/code-flow.ts";
import { DEV_CLIENT, type RunningIdp, startIdp } from "@/dev/idp/idp.ts";
import { freshnessPolicy, freshSession } from "@/lib/auth/freshness.ts";
import { verifyLogoutToken } from "@/lib/auth/idp.ts";
import { sealRefreshToken } from "@/lib/auth/tokens.ts";
import { backends, useMigratedDb } from "./support/db-backends.ts";

const REDIRECT_URI = "http://127.0.0.1:3100/api/auth/callback/oidc";
const policy = freshnessPolicy({ KAAS_IDENTITY_REFRESH: "300" });
let idp: RunningIdp;

beforeAll(async () => {
  idp = await startIdp({ port: 0, tokenTtlSeconds: 600 });
  process.env.OIDC_ISSUER = idp.issuer;
  process.env.OIDC_CLIENT_ID = DEV_CLIENT.clientId;
  process.env.OIDC_CLIENT_SECRET = DEV_CLIENT.clientSecret;
  process.env.OIDC_USERNAME_CLAIM = "sub";
  process.env.KAAS_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
});
afterAll(async () => {
  await idp?.stop();
});

/** A console session for `username` holding a real refresh token from the IdP, as sign-in stores it. */
async function signedIn(db: DbConnection, username: string, groups: string[]) {
  const tokens = await signInWithPassword({
    issuer: idp.issuer,
    ...DEV_CLIENT,
    redirectUri: REDIRECT_URI,
    username,
    password: `${username}-demo`,
  });
  expect(tokens.refresh_token).toBeTruthy();
  return createSession(db, {
    subject: username,
    groups,
    idToken: tokens.id_token,
    refreshToken: sealRefreshToken(tokens.refresh_token, username),
    accessTokenExpiresAt: new Date(Date.now() + 600_000),
    idpSubject: username,
    idpSessionId: `sid-${randomBytes(4).toString("hex")}`,
    expiresAt: new Date(Date.now() + 3600_000),
  });
}

/** Ages the session's identity by `seconds`, as if that long had passed since the IdP confirmed it. */
async function age(db: DbConnection, id: string, seconds: number) {
  await db
    .update(authSessions)
    .set({ identityRefreshedAt: sql`now() - make_interval(secs => ${seconds}::float8)` })
    .where(sql`${authSessions.id} = ${id}`);
}

async function endedReason(db: DbConnection, id: string) {
  const [row] = await db
    .select({ reason: authSessions.endedReason, revokedAt: authSessions.revokedAt })
    .from(authSessions)
    .where(sql`${authSessions.id} = ${id}`);
  return row;
}

describe.each(backends)("identity freshness on $name", (backend) => {
  const db = useMigratedDb(backend);

  it("leaves a young identity alone: no grant at the IdP", async () => {
    const s = await signedIn(db(), "bob", ["team-a"]);
    const before = idp.refreshGrants().ok;
    const got = await freshSession(db(), s.id, policy);
    expect(got?.groups).toEqual(["team-a"]);
    expect(idp.refreshGrants().ok).toBe(before);
  });

  it("past 80 % of the bound, refreshes once for twenty concurrent requests and takes the IdP's groups", async () => {
    const s = await signedIn(db(), "bob", ["team-a"]);
    idp.accounts.setGroups("bob", []);
    try {
      await age(db(), s.id, 250);
      const before = idp.refreshGrants().ok;
      const results = await Promise.all(Array.from({ length: 20 }, () => freshSession(db(), s.id, policy)));
      expect(idp.refreshGrants().ok - before).toBe(1);
      // Requests that did not wait were answered with the identity as it was (still inside the
      // bound); the refresh's own answer and every later read carry the new groups.
      expect(results.every((r) => r !== undefined)).toBe(true);
      const after = await getActiveSession(db(), s.id);
      expect(after?.groups).toEqual([]);
      expect(after?.identityAgeSeconds).toBeLessThan(5);

      // The new refresh token was stored: a second refresh works (the spent one would have been refused).
      idp.accounts.setGroups("bob", ["team-a"]);
      await age(db(), s.id, 400);
      const again = await freshSession(db(), s.id, policy);
      expect(again?.groups).toEqual(["team-a"]);
      expect(idp.refreshGrants().ok - before).toBe(2);
    } finally {
      idp.accounts.setGroups("bob", ["team-a"]);
    }
  });

  it("past the bound, every concurrent request waits for the one refresh: none sees the old groups", async () => {
    const s = await signedIn(db(), "erin", ["team-a-viewers"]);
    idp.accounts.setGroups("erin", ["team-b"]);
    try {
      await age(db(), s.id, 301);
      const results = await Promise.all(Array.from({ length: 10 }, () => freshSession(db(), s.id, policy)));
      expect(results.map((r) => r?.groups)).toEqual(Array.from({ length: 10 }, () => ["team-b"]));
    } finally {
      idp.accounts.setGroups("erin", ["team-a-viewers"]);
    }
  });

  it("ends the session when the IdP refuses: the user was disabled", async () => {
    const s = await signedIn(db(), "carol", ["team-b-admins"]);
    idp.accounts.setDisabled("carol", true);
    try {
      await age(db(), s.id, 301);
      expect(await freshSession(db(), s.id, policy)).toBeUndefined();
      expect(await getActiveSession(db(), s.id)).toBeUndefined();
      expect((await endedReason(db(), s.id))?.reason).toBe("idp-refused");
    } finally {
      idp.accounts.setDisabled("carol", false);
    }
  });

  it("a session without a refresh token lives to the bound, then ends", async () => {
    const s = await createSession(db(), {
      subject: "dave",
      groups: [],
      expiresAt: new Date(Date.now() + 3600_000),
    });
    await age(db(), s.id, 250);
    expect(await freshSession(db(), s.id, policy)).toBeDefined();
    await age(db(), s.id, 301);
    expect(await freshSession(db(), s.id, policy)).toBeUndefined();
    expect((await endedReason(db(), s.id))?.reason).toBe("identity-expired");
  });

  it("lets exactly one of many claims win, and none while a claim is fresh", async () => {
    const s = await signedIn(db(), "alice", ["team-a-admins"]);
    await age(db(), s.id, 301);
    const claims = await Promise.all(Array.from({ length: 10 }, () => claimRefresh(db(), s.id, policy)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimRefresh(db(), s.id, policy)).toBeUndefined();
    // A claim abandoned by a dead process is taken over after its time.
    await db()
      .update(authSessions)
      .set({ refreshClaimedAt: sql`now() - interval '31 seconds'` })
      .where(sql`${authSessions.id} = ${s.id}`);
    expect(await claimRefresh(db(), s.id, policy)).toBeDefined();
  });

  it("back-channel logout ends the one IdP session it names, or every session of the subject", async () => {
    const a = await signedIn(db(), "alice", ["team-a-admins"]);
    const b = await signedIn(db(), "alice", ["team-a-admins"]);
    const [rowA] = await db()
      .select({ sid: authSessions.idpSessionId })
      .from(authSessions)
      .where(sql`${authSessions.id} = ${a.id}`);
    expect(await endSessionsFromIdp(db(), { sid: rowA?.sid ?? "", sub: "alice" })).toBe(1);
    expect(await getActiveSession(db(), a.id)).toBeUndefined();
    expect(await getActiveSession(db(), b.id)).toBeDefined();
    expect(await endSessionsFromIdp(db(), { sub: "alice" })).toBe(1);
    expect((await endedReason(db(), b.id))?.reason).toBe("idp-logout");
  });
});

describe("logout token verification", () => {
  const signingKey = () =>
    (
      JSON.parse(readFileSync(join(import.meta.dirname, "../../.data/idp/jwks.json"), "utf8")) as {
        keys: (JsonWebKey & { kid?: string })[];
      }
    ).keys[0];
  const EVENT = { "http://schemas.openid.net/event/backchannel-logout": {} };

  async function logoutToken(
    claims: Record<string, unknown>,
    opts: { key?: CryptoKey | Uint8Array; iat?: number; kid?: string } = {},
  ) {
    const jwk = signingKey();
    const key = opts.key ?? (await importJWK(jwk as Parameters<typeof importJWK>[0], "RS256"));
    return new SignJWT(claims)
      .setProtectedHeader({
        alg: "RS256",
        typ: "logout+jwt",
        ...(jwk?.kid ? { kid: opts.kid ?? jwk.kid } : {}),
      })
      .setIssuer(idp.issuer)
      .setAudience(DEV_CLIENT.clientId)
      .setIssuedAt(opts.iat ?? Math.floor(Date.now() / 1000))
      .setJti(randomBytes(8).toString("hex"))
      .sign(key as CryptoKey);
  }

  it("accepts a token the IdP signed, naming sid and sub", async () => {
    expect(await verifyLogoutToken(await logoutToken({ sub: "bob", sid: "s1", events: EVENT }))).toEqual({
      sid: "s1",
      sub: "bob",
    });
  });

  it.each([
    ["no logout event", { sub: "bob", events: { other: {} } }],
    ["a nonce", { sub: "bob", nonce: "n", events: EVENT }],
    ["neither sid nor sub", { events: EVENT }],
  ])("refuses a token with %s", async (_what, claims) => {
    await expect(verifyLogoutToken(await logoutToken(claims))).rejects.toThrow();
  });

  it("refuses an old token, a foreign audience or issuer, and another key's signature", async () => {
    await expect(
      verifyLogoutToken(
        await logoutToken({ sub: "bob", events: EVENT }, { iat: Math.floor(Date.now() / 1000) - 3600 }),
      ),
    ).rejects.toThrow();
    const jwk = signingKey();
    const key = await importJWK(jwk as Parameters<typeof importJWK>[0], "RS256");
    const foreignAudience = await new SignJWT({ sub: "bob", events: EVENT })
      .setProtectedHeader({ alg: "RS256", ...(jwk?.kid ? { kid: jwk.kid } : {}) })
      .setIssuer(idp.issuer)
      .setAudience("someone-else")
      .setIssuedAt()
      .sign(key as CryptoKey);
    await expect(verifyLogoutToken(foreignAudience)).rejects.toThrow();
    const foreignIssuer = await new SignJWT({ sub: "bob", events: EVENT })
      .setProtectedHeader({ alg: "RS256", ...(jwk?.kid ? { kid: jwk.kid } : {}) })
      .setIssuer("https://evil.example")
      .setAudience(DEV_CLIENT.clientId)
      .setIssuedAt()
      .sign(key as CryptoKey);
    await expect(verifyLogoutToken(foreignIssuer)).rejects.toThrow();
    const { generateKeyPair } = await import("jose");
    const other = await generateKeyPair("RS256");
    await expect(
      verifyLogoutToken(await logoutToken({ sub: "bob", events: EVENT }, { key: other.privateKey })),
    ).rejects.toThrow();
    // An unsigned token ("alg": "none") never passes.
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(
      JSON.stringify({
        iss: idp.issuer,
        aud: DEV_CLIENT.clientId,
        iat: Math.floor(Date.now() / 1000),
        sub: "bob",
        events: EVENT,
      }),
    ).toString("base64url")}.`;
    await expect(verifyLogoutToken(none)).rejects.toThrow();
  });
});
