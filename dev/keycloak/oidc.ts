/**
 * What the console does at Keycloak, done by hand for tests: the sign-in of `../idp/code-flow.ts`
 * with the realm's defaults, the token endpoint's refresh grant, and reading a JWT's claims after
 * checking its signature against the realm's keys.
 */
import { createPublicKey, type JsonWebKey, verify } from "node:crypto";
import {
  type OidcClient,
  signInWithPassword,
  type TokenError,
  type TokenSet,
  tokenEndpointRequest,
} from "../idp/code-flow.ts";

export type { OidcClient, TokenError, TokenSet };

/** The console's default scope (`OIDC_SCOPE` in lib/auth/config.ts). */
export const CONSOLE_SCOPE = "openid profile email groups offline_access";

/** Signs a user in through Keycloak's login page, as the console does (see {@link signInWithPassword}). */
export function signIn(
  client: OidcClient,
  username: string,
  password: string,
  opts: { scope?: string; redirectUri?: string } = {},
): Promise<TokenSet> {
  return signInWithPassword({
    ...client,
    username,
    password,
    scope: opts.scope ?? CONSOLE_SCOPE,
    redirectUri: opts.redirectUri ?? "http://localhost:3100/api/auth/callback/oidc",
  });
}

/** A refresh grant; returns Keycloak's answer, success or refusal, with the HTTP status. */
export function refresh(client: OidcClient, refreshToken: string) {
  return tokenRequest(client, { grant_type: "refresh_token", refresh_token: refreshToken });
}

/** A POST to the realm's token endpoint with the client's credentials. */
export function tokenRequest(client: OidcClient, params: Record<string, string>) {
  return tokenEndpointRequest(`${client.issuer}/protocol/openid-connect/token`, client, params);
}

/** A JWT's claims, without checking anything (for refresh tokens, which only Keycloak reads). */
export function jwtClaims(jwt: string): Record<string, unknown> {
  const [, payload = ""] = jwt.split(".");
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** A JWT's claims after checking its RS256 signature against the realm's published keys. */
export async function verifiedClaims(issuer: string, jwt: string): Promise<Record<string, unknown>> {
  const [headerPart = "", payloadPart = "", signature = ""] = jwt.split(".");
  const header = JSON.parse(Buffer.from(headerPart, "base64url").toString("utf8")) as {
    kid?: string;
    alg?: string;
  };
  if (header.alg !== "RS256") throw new Error(`unexpected alg ${header.alg}`);
  const jwks = (await (await fetch(`${issuer}/protocol/openid-connect/certs`)).json()) as {
    keys: (JsonWebKey & { kid?: string })[];
  };
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) throw new Error(`no key ${header.kid} at ${issuer}`);
  const ok = verify(
    "RSA-SHA256",
    Buffer.from(`${headerPart}.${payloadPart}`),
    createPublicKey({ key: jwk, format: "jwk" }),
    Buffer.from(signature, "base64url"),
  );
  if (!ok) throw new Error("bad JWT signature");
  return jwtClaims(jwt);
}
