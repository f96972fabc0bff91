/**
 * What the console does at Keycloak, done by hand for tests: the authorization code flow with PKCE
 * through Keycloak's own login form (cookies carried by hand), the token endpoint's code and refresh
 * grants, and reading a JWT's claims after checking its signature against the realm's keys.
 */
import { createHash, createPublicKey, type JsonWebKey, randomBytes, verify } from "node:crypto";

/** A client of the realm (confidential when it has a secret). */
export interface OidcClient {
  issuer: string;
  clientId: string;
  clientSecret?: string;
}

/** The token endpoint's answer (the fields Keycloak sends). */
export interface TokenSet {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  refresh_expires_in?: number;
  id_token?: string;
  token_type: string;
  scope?: string;
  session_state?: string;
}

/** A token endpoint refusal. */
export interface TokenError {
  error: string;
  error_description?: string;
}

/** The console's default scope (`OIDC_SCOPE` in lib/auth/config.ts). */
export const CONSOLE_SCOPE = "openid profile email groups offline_access";

class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

function decodeHtml(s: string): string {
  return s
    .replace(/&amp;/g, "&")
    .replace(/&#x3d;|&#61;/gi, "=")
    .replace(/&quot;/g, '"');
}

/**
 * Signs a user in through Keycloak's login page (authorization code flow with PKCE S256, state and
 * nonce, as Auth.js does) and redeems the code. Throws with the login page's message on failure.
 */
export async function signIn(
  client: OidcClient,
  username: string,
  password: string,
  opts: { scope?: string; redirectUri?: string } = {},
): Promise<TokenSet> {
  const redirectUri = opts.redirectUri ?? "http://localhost:3100/api/auth/callback/oidc";
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(16).toString("base64url");
  const nonce = randomBytes(16).toString("base64url");
  const jar = new CookieJar();

  const authorize = new URL(`${client.issuer}/protocol/openid-connect/auth`);
  authorize.search = new URLSearchParams({
    client_id: client.clientId,
    response_type: "code",
    scope: opts.scope ?? CONSOLE_SCOPE,
    redirect_uri: redirectUri,
    state,
    nonce,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  const page = await fetch(authorize, { redirect: "manual" });
  jar.take(page);
  const html = await page.text();
  const action = /<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (page.status !== 200 || !action) {
    const location = page.headers.get("location") ?? "";
    const error = location ? new URL(location).searchParams.get("error") : "";
    throw new Error(`keycloak: no login form (HTTP ${page.status}${error ? `, ${error}` : ""})`);
  }

  const posted = await fetch(decodeHtml(action), {
    method: "POST",
    redirect: "manual",
    headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password, credentialId: "" }),
  });
  const location = posted.headers.get("location");
  if (posted.status !== 302 || !location) {
    const text = await posted.text();
    const message = /id="input-error"[^>]*>\s*([^<]+)/.exec(text)?.[1]?.trim() ?? `HTTP ${posted.status}`;
    throw new Error(`keycloak: sign-in of ${username} failed: ${message}`);
  }
  const back = new URL(location);
  if (back.searchParams.get("state") !== state) throw new Error("keycloak: state mismatch");
  const code = back.searchParams.get("code");
  if (!code) throw new Error(`keycloak: no code (${back.searchParams.get("error") ?? "?"})`);

  const tokens = await tokenRequest(client, {
    grant_type: "authorization_code",
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
  if (!tokens.ok) throw new Error(`keycloak: code exchange failed: ${tokens.error.error}`);
  return tokens.tokens;
}

/** A refresh grant; returns Keycloak's answer, success or refusal, with the HTTP status. */
export function refresh(client: OidcClient, refreshToken: string) {
  return tokenRequest(client, { grant_type: "refresh_token", refresh_token: refreshToken });
}

/** A POST to the token endpoint with the client's credentials (HTTP Basic, as Auth.js sends them). */
export async function tokenRequest(
  client: OidcClient,
  params: Record<string, string>,
): Promise<
  { ok: true; status: number; tokens: TokenSet } | { ok: false; status: number; error: TokenError }
> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  const body = new URLSearchParams(params);
  if (client.clientSecret) {
    const basic = `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(basic).toString("base64")}`;
  } else body.set("client_id", client.clientId);
  const res = await fetch(`${client.issuer}/protocol/openid-connect/token`, {
    method: "POST",
    headers,
    body,
  });
  const json = (await res.json()) as TokenSet & TokenError;
  if (res.ok) return { ok: true, status: res.status, tokens: json };
  return {
    ok: false,
    status: res.status,
    error: { error: json.error, error_description: json.error_description },
  };
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
