/**
 * `kaas login` through the console's identity provider: the OAuth 2.0 device authorization grant
 * (RFC 8628) for the public client the console names (`GET /api/v1/auth/cli`), and the refresh of
 * its access token when it expires. Tokens go only to the IdP's endpoints and the console.
 */
import type { OidcLogin } from "./config.ts";
import { ApiFailure } from "./http.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

type TokenAnswer = {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
};

async function getJson<T>(url: string | URL, what: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: "application/json" } });
  } catch (err) {
    throw new ApiFailure(0, `Cannot reach ${what}: ${(err as Error).message}`);
  }
  if (!res.ok) throw new ApiFailure(res.status, `${what} answered ${res.status}.`);
  return (await res.json()) as T;
}

async function postForm(
  url: string,
  fields: Record<string, string>,
): Promise<{ status: number; body: TokenAnswer & Record<string, unknown> }> {
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers: FORM, body: new URLSearchParams(fields).toString() });
  } catch (err) {
    throw new ApiFailure(0, `Cannot reach the identity provider: ${(err as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as TokenAnswer & Record<string, unknown>;
  return { status: res.status, body };
}

function loginOf(
  base: Pick<OidcLogin, "issuer" | "clientId" | "tokenEndpoint">,
  t: TokenAnswer,
  previousRefresh: string | null,
): OidcLogin {
  if (!t.access_token) throw new ApiFailure(502, "The identity provider answered no access token.");
  return {
    ...base,
    accessToken: t.access_token,
    // An IdP that does not rotate refresh tokens keeps the old one valid.
    refreshToken: t.refresh_token ?? previousRefresh,
    expiresAt: Date.now() + (typeof t.expires_in === "number" ? t.expires_in : 300) * 1000,
  };
}

/**
 * Signs in through the device flow: asks the IdP for a code, tells the user where to enter it
 * (`tell`), polls until they did (or refused, or the code expired) and answers the tokens.
 */
export async function deviceLogin(server: string, tell: (message: string) => void): Promise<OidcLogin> {
  const settings = await getJson<{ issuer: string; clientId: string; scope: string }>(
    new URL("/api/v1/auth/cli", server),
    server,
  );
  const discovery = await getJson<{
    issuer: string;
    token_endpoint: string;
    device_authorization_endpoint?: string;
  }>(`${settings.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`, "the identity provider");
  if (discovery.issuer !== settings.issuer)
    throw new ApiFailure(502, "The identity provider's discovery names another issuer.");
  if (!discovery.device_authorization_endpoint)
    throw new ApiFailure(502, "The identity provider offers no device sign-in (device authorization grant).");
  const started = await postForm(discovery.device_authorization_endpoint, {
    client_id: settings.clientId,
    scope: settings.scope,
  });
  const d = started.body as {
    device_code?: string;
    user_code?: string;
    verification_uri?: string;
    verification_uri_complete?: string;
    expires_in?: number;
    interval?: number;
  };
  if (started.status !== 200 || !d.device_code || !d.user_code || !d.verification_uri) {
    throw new ApiFailure(
      started.status,
      `The identity provider refused the device sign-in: ${started.body.error_description ?? started.body.error ?? started.status}.`,
    );
  }
  tell(
    `To sign in, open ${d.verification_uri} and enter the code ${d.user_code}\n` +
      (d.verification_uri_complete ? `(or open ${d.verification_uri_complete})\n` : "") +
      "Waiting for you to sign in…\n",
  );
  const base = {
    issuer: settings.issuer,
    clientId: settings.clientId,
    tokenEndpoint: discovery.token_endpoint,
  };
  let interval = Math.max(1, d.interval ?? 5);
  const deadline = Date.now() + (d.expires_in ?? 600) * 1000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, interval * 1000));
    const polled = await postForm(discovery.token_endpoint, {
      grant_type: DEVICE_GRANT,
      device_code: d.device_code,
      client_id: settings.clientId,
    });
    if (polled.status === 200) return loginOf(base, polled.body, null);
    switch (polled.body.error) {
      case "authorization_pending":
        continue;
      case "slow_down":
        interval += 5;
        continue;
      case "access_denied":
        throw new ApiFailure(403, "The sign-in was refused at the identity provider.");
      case "expired_token":
        throw new ApiFailure(401, "The code expired before you signed in: run kaas login again.");
      default:
        throw new ApiFailure(
          polled.status,
          `The identity provider refused: ${polled.body.error_description ?? polled.body.error ?? polled.status}.`,
        );
    }
  }
  throw new ApiFailure(401, "The code expired before you signed in: run kaas login again.");
}

/** The login with a usable access token: as stored, or refreshed when it expires within 30 s. */
export async function freshLogin(login: OidcLogin): Promise<{ login: OidcLogin; refreshed: boolean }> {
  if (login.expiresAt - 30_000 > Date.now()) return { login, refreshed: false };
  if (!login.refreshToken) throw new ApiFailure(401, "Your sign-in has expired: run kaas login again.");
  const r = await postForm(login.tokenEndpoint, {
    grant_type: "refresh_token",
    refresh_token: login.refreshToken,
    client_id: login.clientId,
  });
  if (r.status === 200) return { login: loginOf(login, r.body, login.refreshToken), refreshed: true };
  if (r.status >= 400 && r.status < 500)
    throw new ApiFailure(
      401,
      "Your sign-in has expired or was ended at the identity provider: run kaas login again.",
    );
  throw new ApiFailure(r.status, "The identity provider did not answer the refresh; try again.");
}
