/**
 * The API's OIDC access tokens (lib/auth/idp.ts `verifyAccessToken`, lib/auth/session.ts
 * `accessTokenUser`) against the real dev IdP: a token the `kaas` CLI gets through the device flow
 * is accepted as its user with their groups; a token for another audience, an ID token, an
 * expired one, one from another issuer or signed with another key is nobody.
 */
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeJwt, importJWK, type JWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceSignIn } from "@/dev/idp/device-flow.ts";
import {
  API_AUDIENCE,
  CLI_CLIENT_ID,
  CLI_USERINFO_CLIENT_ID,
  DEV_CLIENT,
  type RunningIdp,
  startIdp,
} from "@/dev/idp/idp.ts";
import { platformAdmission } from "@/lib/actions/safe-action.ts";
import { verifyAccessToken } from "@/lib/auth/idp.ts";
import { accessTokenUser } from "@/lib/auth/session.ts";

let idp: RunningIdp;

beforeAll(async () => {
  idp = await startIdp({ port: 0, tokenTtlSeconds: 600 });
  process.env.OIDC_ISSUER = idp.issuer;
  process.env.OIDC_CLIENT_ID = DEV_CLIENT.clientId;
  process.env.OIDC_CLIENT_SECRET = DEV_CLIENT.clientSecret;
  delete process.env.OIDC_API_AUDIENCE;
  delete process.env.OIDC_USERNAME_CLAIM;
});
afterAll(async () => {
  await idp?.stop();
});

/** The IdP's own signing key (dev/idp keeps it in .data/idp), to forge tokens it could have signed. */
async function idpKey() {
  const jwk = (
    JSON.parse(readFileSync(join(import.meta.dirname, "../../.data/idp/jwks.json"), "utf8")) as {
      keys: (JWK & { kid?: string })[];
    }
  ).keys[0] as JWK;
  const published = (await (await fetch(`${idp.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
  return { key: await importJWK(jwk, "RS256"), kid: published.keys[0]?.kid ?? "" };
}

async function forged(
  over: { iss?: string; aud?: string; exp?: number; key?: CryptoKey | Uint8Array; kid?: string } = {},
) {
  const own = await idpKey();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: "bob", groups: ["team-a"], client_id: CLI_CLIENT_ID })
    .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid: over.kid ?? own.kid })
    .setIssuer(over.iss ?? idp.issuer)
    .setAudience(over.aud ?? API_AUDIENCE)
    .setIssuedAt(now - 60)
    .setExpirationTime(over.exp ?? now + 300)
    .sign(over.key ?? own.key);
}

describe("OIDC access tokens for the API", () => {
  it("accepts the CLI's device-flow token as its user, with the groups the IdP gives them", async () => {
    const tokens = await deviceSignIn(idp.issuer, "bob", "bob-demo");
    const verified = await verifyAccessToken(tokens.access_token);
    expect(verified.claims).toMatchObject({ sub: "bob", aud: API_AUDIENCE, groups: ["team-a"] });
    expect(verified.expiresAt.getTime()).toBeGreaterThan(Date.now());

    const user = await accessTokenUser(tokens.access_token);
    expect(user).toMatchObject({
      subject: "bob",
      email: "bob@example.com",
      groups: ["team-a"],
      via: "api",
      token: null,
      identity: { user: "oidc:bob", groups: ["oidc:team-a"] },
    });
  });

  it("is the platform admin, yet never reaches platform actions: those take a token made for the platform", async () => {
    const tokens = await deviceSignIn(idp.issuer, "admin", "admin-demo");
    const user = await accessTokenUser(tokens.access_token);
    expect(user).toMatchObject({ subject: "admin", groups: ["platform-admins"], via: "api", token: null });
    expect(platformAdmission(user as NonNullable<typeof user>)).toMatchObject({ kind: "forbidden" });
    // The same admin with a personal token made for the platform, and the admin's console session.
    const platformToken = { id: "t", teamId: "team", role: "admin" as const, platform: true };
    expect(platformAdmission({ ...(user as NonNullable<typeof user>), token: platformToken })).toBeNull();
    expect(platformAdmission({ ...(user as NonNullable<typeof user>), via: "console" })).toBeNull();
  });

  it("follows the IdP: a refreshed token carries the groups the IdP gives now", async () => {
    const tokens = await deviceSignIn(idp.issuer, "erin", "erin-demo");
    idp.accounts.setGroups("erin", ["team-a-viewers", "team-b"]);
    try {
      const discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as {
        token_endpoint: string;
      };
      const res = await fetch(discovery.token_endpoint, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "refresh_token",
          client_id: CLI_CLIENT_ID,
          refresh_token: tokens.refresh_token ?? "",
        }),
      });
      expect(res.status).toBe(200);
      const refreshed = (await res.json()) as { access_token: string };
      expect((await accessTokenUser(refreshed.access_token))?.groups).toEqual(["team-a-viewers", "team-b"]);
    } finally {
      idp.accounts.setGroups("erin", ["team-a-viewers"]);
    }
  });

  it("refuses a token for another audience, and the ID token of the same sign-in", async () => {
    await expect(verifyAccessToken(await forged({ aud: "someone-else" }))).rejects.toThrow(/aud/);
    const tokens = await deviceSignIn(idp.issuer, "bob", "bob-demo");
    expect(tokens.id_token).toBeTruthy();
    await expect(verifyAccessToken(tokens.id_token ?? "")).rejects.toThrow(/aud/);
    expect(await accessTokenUser(tokens.id_token ?? "")).toBeNull();
  });

  it("refuses an expired token", async () => {
    const expired = await forged({ exp: Math.floor(Date.now() / 1000) - 120 });
    await expect(verifyAccessToken(expired)).rejects.toThrow(/exp/);
    expect(await accessTokenUser(expired)).toBeNull();
  });

  it("refuses a token naming another issuer, and one signed with another key", async () => {
    await expect(verifyAccessToken(await forged({ iss: "https://evil.example" }))).rejects.toThrow(/iss/);
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const other = await importJWK({ ...privateKey.export({ format: "jwk" }), alg: "RS256" } as JWK, "RS256");
    const wrongKey = await forged({ key: other as CryptoKey });
    await expect(verifyAccessToken(wrongKey)).rejects.toThrow(/signature/);
    expect(await accessTokenUser(wrongKey)).toBeNull();
    // The same token as the IdP signed it passes: the refusals above are the claims', not the test's.
    expect((await accessTokenUser(await forged()))?.subject).toBe("bob");
  });

  it("reads the groups from userinfo when the token leaves them out, and sees a changed group once the cache expires", async () => {
    const tokens = await deviceSignIn(idp.issuer, "carol", "carol-demo", {
      clientId: CLI_USERINFO_CLIENT_ID,
    });
    // The IdP's client without a groups mapper: an API token all the same, but no groups in it.
    expect(decodeJwt(tokens.access_token)).toMatchObject({ sub: "carol", aud: API_AUDIENCE });
    expect(decodeJwt(tokens.access_token).groups).toBeUndefined();

    const user = await accessTokenUser(tokens.access_token);
    expect(user).toMatchObject({
      subject: "carol",
      groups: ["team-b-admins"],
      identity: { user: "oidc:carol", groups: ["oidc:team-b-admins"] },
    });

    const ttl = { userinfoTtlMs: 400 };
    const again = await deviceSignIn(idp.issuer, "carol", "carol-demo", { clientId: CLI_USERINFO_CLIENT_ID });
    expect((await verifyAccessToken(again.access_token, ttl)).claims.groups).toEqual(["team-b-admins"]);
    idp.accounts.setGroups("carol", ["team-a"]);
    try {
      // Within the cache's lifetime the token keeps the groups userinfo gave it.
      expect((await verifyAccessToken(again.access_token, ttl)).claims.groups).toEqual(["team-b-admins"]);
      await new Promise((r) => setTimeout(r, 500));
      expect((await verifyAccessToken(again.access_token, ttl)).claims.groups).toEqual(["team-a"]);
    } finally {
      idp.accounts.setGroups("carol", ["team-b-admins"]);
    }
  });

  it("refuses a token for the API at userinfo once its account is disabled", async () => {
    const tokens = await deviceSignIn(idp.issuer, "dave", "dave-demo", { clientId: CLI_USERINFO_CLIENT_ID });
    idp.accounts.setDisabled("dave", true);
    try {
      await expect(verifyAccessToken(tokens.access_token)).rejects.toThrow();
      expect(await accessTokenUser(tokens.access_token)).toBeNull();
    } finally {
      idp.accounts.setDisabled("dave", false);
    }
  });
});
