/**
 * An OIDC authorization-code sign-in with PKCE driven over plain HTTP, the way a browser would
 * (cookies carried, redirects followed, the IdP's login form filled): for tests that need real
 * tokens from a real IdP without a browser. Works with the dev IdP's form and Keycloak's.
 */
import { createHash, randomBytes } from "node:crypto";

/** Just enough of a browser's cookie jar: path-scoped, deletions honoured (ports ignored, as browsers do). */
export class CookieJar {
  #cookies = new Map<string, { path: string; value: string }>();

  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = line.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = (key: string) =>
        attrs.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attr("path") ?? "/";
      const expires = attr("expires");
      const maxAge = attr("max-age");
      const deleted =
        value === "" ||
        (expires !== undefined && Date.parse(expires) <= Date.now()) ||
        (maxAge !== undefined && Number(maxAge) <= 0);
      if (deleted) this.#cookies.delete(`${name};${path}`);
      else this.#cookies.set(`${name};${path}`, { path, value });
    }
  }

  header(url: URL): string {
    return [...this.#cookies]
      .filter(([, c]) => url.pathname === c.path || url.pathname.startsWith(c.path.replace(/\/?$/, "/")))
      .map(([key, c]) => `${key.split(";")[0]}=${c.value}`)
      .join("; ");
  }
}

/** A cookie-carrying client that follows redirects until `stopAt` (the client's redirect URI) or a page. */
export function httpBrowser(stopAt: string) {
  const jar = new CookieJar();
  return {
    jar,
    async go(start: string, init?: RequestInit): Promise<{ page?: Response; callback?: URL }> {
      let url = new URL(start);
      let request = init;
      for (let hop = 0; hop < 10; hop++) {
        const headers = new Headers(request?.headers);
        const cookie = jar.header(url);
        if (cookie) headers.set("cookie", cookie);
        const res = await fetch(url, { ...request, headers, redirect: "manual" });
        jar.store(res);
        const location = res.headers.get("location");
        if (res.status < 300 || res.status >= 400 || !location) return { page: res };
        url = new URL(location, url);
        if (url.href.startsWith(stopAt)) return { callback: url };
        request = undefined;
      }
      throw new Error("too many redirects");
    },
  };
}

/** The HTML entities the IdPs' form markup uses, decoded. */
export const unescapeHtml = (s: string) =>
  s.replaceAll("&amp;", "&").replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&#x3D;", "=");

/** The login form on an IdP page: its action and hidden fields. */
export function loginForm(html: string, base: string): { action: string; hidden: Record<string, string> } {
  const form = /<form\b[^>]*>[\s\S]*?<\/form>/i
    .exec(html.slice(html.search(/<form\b[^>]*>(?=[\s\S]*?type="password")/i)))
    ?.at(0);
  const action = form ? /\baction="([^"]+)"/i.exec(form)?.[1] : undefined;
  if (!form || !action) throw new Error("no login form with a password field on the page");
  const hidden: Record<string, string> = {};
  for (const input of form.match(/<input\b[^>]*>/gi) ?? []) {
    if (!/type="hidden"/i.test(input)) continue;
    const name = /\bname="([^"]+)"/i.exec(input)?.[1];
    if (name) hidden[name] = unescapeHtml(/\bvalue="([^"]*)"/i.exec(input)?.[1] ?? "");
  }
  return { action: new URL(unescapeHtml(action), base).href, hidden };
}

/** The token endpoint's answer (the fields both IdPs send; Keycloak adds the refresh lifetime). */
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

/** A client of the IdP: confidential when it has a secret, public otherwise. */
export interface OidcClient {
  issuer: string;
  clientId: string;
  clientSecret?: string;
}

/** A POST to a token endpoint with the client's credentials (HTTP Basic, as Auth.js sends them). */
export async function tokenEndpointRequest(
  tokenEndpoint: string,
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
  const res = await fetch(tokenEndpoint, { method: "POST", headers, body });
  const json = (await res.json()) as TokenSet & TokenError;
  if (res.ok) return { ok: true, status: res.status, tokens: json };
  return {
    ok: false,
    status: res.status,
    error: { error: json.error, error_description: json.error_description },
  };
}

/** The login page's own error line: the dev IdP's `role="alert"`, Keycloak's `#input-error`. */
function loginPageError(html: string): string | undefined {
  const text =
    /id="input-error"[^>]*>\s*([^<]+)/.exec(html)?.[1] ?? /role="alert"[^>]*>\s*([^<]+)/.exec(html)?.[1];
  return text ? unescapeHtml(text.trim()) : undefined;
}

/**
 * Signs `username` in at `issuer` through the IdP's own login form (authorization code flow with
 * PKCE S256, state and nonce, as Auth.js does) and redeems the code. Throws with the login page's
 * message when the sign-in fails. Works with the dev IdP and Keycloak.
 */
export async function signInWithPassword(
  opts: OidcClient & { redirectUri: string; username: string; password: string; scope?: string },
): Promise<TokenSet> {
  const discovery = (await (await fetch(`${opts.issuer}/.well-known/openid-configuration`)).json()) as {
    authorization_endpoint: string;
    token_endpoint: string;
  };
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(16).toString("base64url");
  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: opts.clientId,
    response_type: "code",
    redirect_uri: opts.redirectUri,
    scope: opts.scope ?? "openid profile email groups offline_access",
    state,
    nonce: randomBytes(16).toString("base64url"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  const browser = httpBrowser(opts.redirectUri);
  const first = await browser.go(authorize.href);
  if (!first.page) {
    const error = first.callback?.searchParams.get("error");
    throw new Error(`no login form for ${opts.username}${error ? ` (${error})` : ""}`);
  }
  const { action, hidden } = loginForm(await first.page.text(), first.page.url || authorize.href);
  const done = await browser.go(action, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...hidden, username: opts.username, password: opts.password }).toString(),
  });
  if (!done.callback) {
    const message = (done.page && loginPageError(await done.page.text())) ?? `HTTP ${done.page?.status}`;
    throw new Error(`sign-in of ${opts.username} failed: ${message}`);
  }
  if (done.callback.searchParams.get("state") !== state) throw new Error("state mismatch on the redirect");
  const code = done.callback.searchParams.get("code");
  if (!code)
    throw new Error(`sign-in of ${opts.username} failed: ${done.callback.searchParams.get("error")}`);
  const exchanged = await tokenEndpointRequest(discovery.token_endpoint, opts, {
    grant_type: "authorization_code",
    code,
    redirect_uri: opts.redirectUri,
    code_verifier: verifier,
  });
  if (!exchanged.ok) throw new Error(`code exchange failed: ${exchanged.error.error}`);
  return exchanged.tokens;
}
