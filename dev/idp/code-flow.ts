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

const unescapeHtml = (s: string) =>
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

export type CodeFlowTokens = {
  access_token: string;
  id_token: string;
  refresh_token?: string;
  expires_in?: number;
};

/** Signs `username` in at `issuer` for a confidential client and returns the token response. */
export async function signInWithPassword(opts: {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  username: string;
  password: string;
  scope?: string;
}): Promise<CodeFlowTokens> {
  const discovery = (await (await fetch(`${opts.issuer}/.well-known/openid-configuration`)).json()) as {
    authorization_endpoint: string;
    token_endpoint: string;
  };
  const verifier = randomBytes(32).toString("base64url");
  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: opts.clientId,
    response_type: "code",
    redirect_uri: opts.redirectUri,
    scope: opts.scope ?? "openid profile email groups offline_access",
    state: randomBytes(8).toString("hex"),
    nonce: randomBytes(8).toString("hex"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  const browser = httpBrowser(opts.redirectUri);
  const first = await browser.go(authorize.href);
  if (!first.page) throw new Error("expected the IdP's login page");
  const { action, hidden } = loginForm(await first.page.text(), first.page.url || authorize.href);
  const done = await browser.go(action, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...hidden, username: opts.username, password: opts.password }).toString(),
  });
  const code = done.callback?.searchParams.get("code");
  if (!code) throw new Error(`sign-in of ${opts.username} did not reach the redirect URI`);
  const res = await fetch(discovery.token_endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(opts.clientId)}:${encodeURIComponent(opts.clientSecret)}`).toString("base64")}`,
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: opts.redirectUri,
      code_verifier: verifier,
    }).toString(),
  });
  if (!res.ok) throw new Error(`token endpoint answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as CodeFlowTokens;
}
