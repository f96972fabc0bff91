import "server-only";
import { createHash } from "node:crypto";
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as oauth from "oauth4webapi";
import { claimString } from "./claims.ts";
import { oidcSettings } from "./config.ts";

/**
 * The console as an OIDC client of its IdP outside Auth.js's sign-in: refreshing a session's
 * identity, verifying back-channel logout tokens, and the RP-initiated logout address. Discovery
 * is fetched once per process (again after a failure).
 */

let discovered: Promise<oauth.AuthorizationServer> | undefined;
let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

/** Plain http is accepted only for an issuer on loopback (the local IdP and Keycloak of the demo). */
function insecureAllowed(issuer: URL): boolean {
  return issuer.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(issuer.hostname);
}

function requestOptions(issuer: URL) {
  return { [oauth.allowInsecureRequests]: insecureAllowed(issuer), signal: AbortSignal.timeout(10_000) };
}

async function authorizationServer(): Promise<oauth.AuthorizationServer> {
  discovered ??= (async () => {
    const issuer = new URL(oidcSettings().issuer);
    const res = await oauth.discoveryRequest(issuer, requestOptions(issuer));
    return oauth.processDiscoveryResponse(issuer, res);
  })();
  return discovered.catch((err: unknown) => {
    discovered = undefined;
    throw err;
  });
}

function client(): { client: oauth.Client; auth: oauth.ClientAuth } {
  const s = oidcSettings();
  return { client: { client_id: s.clientId }, auth: oauth.ClientSecretBasic(s.clientSecret) };
}

/** What the IdP said to a refresh. */
export type RefreshOutcome =
  | {
      kind: "fresh";
      claims: Record<string, unknown>;
      idToken: string | null;
      /** The rotated refresh token, or null when the IdP kept the old one valid. */
      refreshToken: string | null;
      accessTokenExpiresAt: Date | null;
    }
  /** The IdP refused: the user is disabled, signed out there, or the token was revoked or reused. */
  | { kind: "refused"; error: string }
  /** No verdict (network, timeout, 5xx): nothing is known about the user. */
  | { kind: "unavailable"; error: string };

/**
 * One refresh-token grant, then the user's claims: from the new ID token when it carries the
 * groups claim, else from userinfo (issuers that keep groups out of refreshed ID tokens, or omit
 * an empty groups claim).
 */
export async function refreshAtIdp(refreshToken: string): Promise<RefreshOutcome> {
  let as: oauth.AuthorizationServer;
  try {
    as = await authorizationServer();
  } catch (err) {
    return { kind: "unavailable", error: `discovery: ${(err as Error).message}` };
  }
  const issuer = new URL(as.issuer);
  const { client: c, auth } = client();
  let result: oauth.TokenEndpointResponse;
  try {
    const res = await oauth.refreshTokenGrantRequest(as, c, auth, refreshToken, requestOptions(issuer));
    result = await oauth.processRefreshTokenResponse(as, c, res);
  } catch (err) {
    if (err instanceof oauth.ResponseBodyError && err.status >= 400 && err.status < 500) {
      return { kind: "refused", error: err.error };
    }
    return { kind: "unavailable", error: (err as Error).message };
  }
  const idClaims = oauth.getValidatedIdTokenClaims(result) as Record<string, unknown> | undefined;
  let claims: Record<string, unknown> = { ...(idClaims ?? {}) };
  if (!idClaims || !(oidcSettings().groupsClaim in idClaims)) {
    try {
      const res = await oauth.userInfoRequest(as, c, result.access_token, requestOptions(issuer));
      const info = await oauth.processUserInfoResponse(
        as,
        c,
        typeof idClaims?.sub === "string" ? idClaims.sub : oauth.skipSubjectCheck,
        res,
      );
      claims = { ...claims, ...(info as Record<string, unknown>) };
    } catch (err) {
      if (err instanceof oauth.ResponseBodyError && (err.status === 401 || err.status === 403)) {
        return { kind: "refused", error: err.error };
      }
      return { kind: "unavailable", error: `userinfo: ${(err as Error).message}` };
    }
  }
  return {
    kind: "fresh",
    claims,
    idToken: result.id_token ?? null,
    refreshToken: result.refresh_token ?? null,
    accessTokenExpiresAt:
      typeof result.expires_in === "number" ? new Date(Date.now() + result.expires_in * 1000) : null,
  };
}

/** The IdP's signing keys, from the configured issuer's discovery only (never a URL a token names). */
async function issuerKeys(as: oauth.AuthorizationServer) {
  if (!as.jwks_uri) throw new Error("the identity provider publishes no jwks_uri");
  jwks ??= createRemoteJWKSet(new URL(as.jwks_uri), { timeoutDuration: 10_000 });
  return jwks;
}

/** Asymmetric algorithms only: a token signed with `none` or an HMAC over the public key is refused. */
const ACCESS_TOKEN_ALGS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
];

/** Groups read from userinfo for tokens that leave them out, by token digest, until the token expires. */
const userinfoGroups = new Map<string, { claims: Record<string, unknown>; until: number }>();
const USERINFO_CACHE_MAX = 1000;
/** How long userinfo's answer stands for a token (tests pass a shorter one to {@link verifyAccessToken}). */
const USERINFO_TTL_MS = 5 * 60_000;

/** A verified access token: its claims (groups included) and when it expires. */
export type VerifiedAccessToken = { claims: Record<string, unknown>; expiresAt: Date };

/**
 * Verifies an OIDC access token a client such as the `kaas` CLI sends as a bearer token: a JWT
 * signed by one of the configured issuer's keys (JWKS from its discovery document), with that
 * issuer, the API's audience (`OIDC_API_AUDIENCE`, so an ID token or a token for another service
 * is refused), an expiry in the future and a subject. The groups claim comes from the token, or
 * from the issuer's userinfo endpoint when the token leaves it out (the answer cached per token
 * for `userinfoTtlMs`, default five minutes). Throws when anything is off.
 */
export async function verifyAccessToken(
  token: string,
  opts: { userinfoTtlMs?: number } = {},
): Promise<VerifiedAccessToken> {
  const as = await authorizationServer();
  const s = oidcSettings();
  const { payload } = await jwtVerify(token, await issuerKeys(as), {
    issuer: as.issuer,
    audience: s.apiAudience,
    algorithms: ACCESS_TOKEN_ALGS,
    requiredClaims: ["exp", "sub"],
    clockTolerance: 30,
  });
  const expiresAt = new Date((payload.exp ?? 0) * 1000);
  const claims = payload as Record<string, unknown>;
  if (s.groupsClaim in claims) return { claims, expiresAt };
  return {
    claims: {
      ...claims,
      ...(await userinfoOf(as, token, String(payload.sub), expiresAt, opts.userinfoTtlMs ?? USERINFO_TTL_MS)),
    },
    expiresAt,
  };
}

async function userinfoOf(
  as: oauth.AuthorizationServer,
  token: string,
  sub: string,
  expiresAt: Date,
  ttlMs: number,
): Promise<Record<string, unknown>> {
  const key = createHash("sha256").update(token).digest("base64url");
  const now = Date.now();
  const hit = userinfoGroups.get(key);
  if (hit && hit.until > now) return hit.claims;
  const issuer = new URL(as.issuer);
  const c = { client_id: oidcSettings().cliClientId };
  const res = await oauth.userInfoRequest(as, c, token, requestOptions(issuer));
  const info = (await oauth.processUserInfoResponse(as, c, sub, res)) as Record<string, unknown>;
  if (userinfoGroups.size >= USERINFO_CACHE_MAX) {
    for (const [k, v] of userinfoGroups)
      if (v.until <= now || userinfoGroups.size >= USERINFO_CACHE_MAX) userinfoGroups.delete(k);
  }
  // At most five minutes, so group changes at the IdP show within that even for long-lived tokens.
  userinfoGroups.set(key, { claims: info, until: Math.min(expiresAt.getTime(), now + ttlMs) });
  return info;
}

const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

/** Who a verified logout token signs out: one IdP session (`sid`) and/or every session of `sub`. */
export type LogoutTarget = { sid?: string; sub?: string };

/**
 * Verifies an OIDC back-channel logout token (OpenID Connect Back-Channel Logout 1.0, 2.6): the
 * signature against the IdP's published keys, `iss`, `aud`, `iat` (at most five minutes old),
 * the back-channel logout event, `sid` or `sub`, and no `nonce`. Throws on anything else.
 */
export async function verifyLogoutToken(token: string): Promise<LogoutTarget> {
  const as = await authorizationServer();
  const { payload } = await jwtVerify(token, await issuerKeys(as), {
    issuer: as.issuer,
    audience: oidcSettings().clientId,
    maxTokenAge: "5 minutes",
    clockTolerance: 30,
    requiredClaims: ["iat", "events"],
  });
  const events = payload.events as Record<string, unknown> | undefined;
  const event = events?.[BACKCHANNEL_LOGOUT_EVENT];
  if (!event || typeof event !== "object") throw new Error("not a back-channel logout token");
  if ("nonce" in payload) throw new Error("a logout token must not carry a nonce");
  const claims = payload as Record<string, unknown>;
  const sid = claimString(claims, "sid");
  const sub = claimString(claims, "sub");
  if (!sid && !sub) throw new Error("the logout token names neither sid nor sub");
  return { ...(sid ? { sid } : {}), ...(sub ? { sub } : {}) };
}

/**
 * Where to send a browser after signing it out here, so it is signed out at the IdP too
 * (RP-initiated logout), or null when the IdP offers no end-session endpoint.
 */
export async function endSessionUrl(
  idToken: string | null,
  postLogoutRedirect: string,
): Promise<string | null> {
  const as = await authorizationServer().catch(() => undefined);
  if (!as?.end_session_endpoint) return null;
  const url = new URL(as.end_session_endpoint);
  url.searchParams.set("client_id", oidcSettings().clientId);
  url.searchParams.set("post_logout_redirect_uri", postLogoutRedirect);
  if (idToken) url.searchParams.set("id_token_hint", idToken);
  return url.href;
}
