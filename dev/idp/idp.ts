/**
 * Local OpenID Provider for dev, demo and tests: `oidc-provider` with demo accounts, one confidential
 * client for the console, and a small login page of our own. Dev only: the passwords below are public.
 */
import { createHash, generateKeyPairSync, randomBytes, timingSafeEqual } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createRemoteJWKSet, jwtVerify } from "jose";
import Provider, { type Configuration, errors, type JWK, type KoaContextWithOIDC } from "oidc-provider";

/** A demo account. `username` is also the OIDC subject. */
export interface DemoUser {
  username: string;
  password: string;
  name: string;
  email: string;
  groups: string[];
}

/**
 * Demo accounts: a platform admin, an admin, a member and a viewer of team A, an admin of team B,
 * and one without groups.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  user("admin", "Platform Admin", ["platform-admins"]),
  user("alice", "Alice Admin", ["team-a-admins"]),
  user("bob", "Bob Member", ["team-a"]),
  user("erin", "Erin Viewer", ["team-a-viewers"]),
  user("carol", "Carol Admin", ["team-b-admins"]),
  user("dave", "Dave Nogroup", []),
];

function user(username: string, name: string, groups: string[]): DemoUser {
  return { username, password: `${username}-demo`, name, email: `${username}@example.com`, groups };
}

/** The console's client registration (env `IDP_CLIENT_ID`, `IDP_CLIENT_SECRET` override the defaults). */
export const DEV_CLIENT = {
  clientId: process.env.IDP_CLIENT_ID ?? "kaas-console",
  clientSecret: process.env.IDP_CLIENT_SECRET ?? "kaas-console-dev-secret",
} as const;

/**
 * The `kaas` CLI's public client (device authorization grant, no secret), and the audience of the
 * access tokens it gets: JWTs for the console's API (resource indicator {@link API_RESOURCE}),
 * which the console verifies against this IdP's keys. Keycloak's realm registers the same.
 */
export const CLI_CLIENT_ID = "kaas-cli";
/**
 * A second CLI client whose API access tokens leave the groups out, as an IdP without a groups
 * mapper on access tokens does: the console then reads them from userinfo (lib/auth/idp.ts), which
 * this IdP answers for API tokens as Keycloak does (oidc-provider itself refuses tokens with an
 * audience there).
 */
export const CLI_USERINFO_CLIENT_ID = "kaas-cli-userinfo";
const isCliClient = (clientId: string | undefined) =>
  clientId === CLI_CLIENT_ID || clientId === CLI_USERINFO_CLIENT_ID;
/** The `aud` of the CLI's access tokens, the console's `OIDC_API_AUDIENCE` default. */
export const API_AUDIENCE = "kaas-api";
/** The resource indicator (RFC 8707) the CLI's tokens are issued for, defaulted for the CLI client. */
export const API_RESOURCE = "urn:kaas:api";

/** Options of {@link startIdp}; every field falls back to env, then to the dev default. */
export interface IdpOptions {
  /** Port to listen on; `0` picks a free one. Default env `IDP_PORT`, else 4400. */
  port?: number;
  /** Loopback host to bind and to name in the issuer. Default 127.0.0.1. */
  host?: string;
  /** Extra redirect URIs on top of the console's defaults and env `IDP_REDIRECT_URIS`. */
  redirectUris?: string[];
  /** Access and ID token lifetime in seconds (short values help test token refresh). Default 3600. */
  tokenTtlSeconds?: number;
}

/** A running IdP. */
export interface RunningIdp {
  issuer: string;
  /** Changes the IdP's view of an account, as an IdP admin would (for identity tests). */
  accounts: {
    setGroups(username: string, groups: readonly string[]): void;
    setDisabled(username: string, disabled: boolean): void;
  };
  /** Refresh-token grants answered so far (successful or not), for single-flight tests. */
  refreshGrants(): { ok: number; failed: number };
  stop(): Promise<void>;
}

type Account = DemoUser & { disabled: boolean };

const TITLE = "KaaS demo identity provider";
export const CALLBACK_PATH = "/api/auth/callback/oidc";
/**
 * Ports the console runs on: 3000 for dev, 3100-3110 when tests start their own instances and 3190
 * for the benchmark. Every local IdP registers its callbacks for these.
 */
export const CONSOLE_PORTS = [3000, ...Array.from({ length: 11 }, (_, i) => 3100 + i), 3190];
const DATA_DIR = path.resolve(import.meta.dirname, "../../.data/idp");

/**
 * Starts the OpenID Provider on loopback and resolves once it listens.
 * The issuer carries the actual port, so `port: 0` gives a working IdP on a free port.
 */
export async function startIdp(opts: IdpOptions = {}): Promise<RunningIdp> {
  const host = opts.host ?? "127.0.0.1";
  const port = opts.port ?? Number(process.env.IDP_PORT ?? 4400);

  // Listen first: the issuer must name the bound port, which is only known afterwards for port 0.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const { port: boundPort } = server.address() as AddressInfo;
  const issuer = `http://${host.includes(":") ? `[${host}]` : host}:${boundPort}`;

  // Per instance, so a test that changes an account does not change other IdPs in the process.
  const accounts = new Map<string, Account>(
    DEMO_USERS.map((u) => [u.username, { ...u, groups: [...u.groups], disabled: false }]),
  );
  const account = (username: string) => {
    const found = accounts.get(username);
    if (!found) throw new Error(`idp: no account ${username}`);
    return found;
  };
  const grants = { ok: 0, failed: 0 };
  const provider = new Provider(
    issuer,
    configuration(accounts, redirectUris(opts.redirectUris), opts.tokenTtlSeconds),
  );
  provider.on("server_error", (_ctx: unknown, err: Error) => console.error("idp: server error", err));
  provider.on("grant.success", (ctx: KoaContextWithOIDC) => {
    if (ctx.oidc.params?.grant_type === "refresh_token") grants.ok++;
  });
  provider.on("grant.error", (ctx: KoaContextWithOIDC) => {
    if (ctx.oidc.params?.grant_type === "refresh_token") grants.failed++;
  });
  const oidc = provider.callback();
  const keys = createRemoteJWKSet(new URL(`${issuer}/jwks`));
  handle = (req, res) => {
    const bearer = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (bearer && new URL(req.url ?? "/", issuer).pathname === "/me") {
      apiUserinfo(bearer, issuer, keys, accounts, res);
      return;
    }
    const match = /^\/interaction\/([\w-]+)$/.exec(new URL(req.url ?? "/", issuer).pathname);
    if (!match?.[1]) {
      oidc(req, res);
      return;
    }
    interaction(provider, accounts, match[1], req, res).catch((err: unknown) => {
      // An expired or foreign interaction is the user's everyday case (a stale tab), not a server fault.
      if (err instanceof errors.SessionNotFound) {
        sendHtml(
          res,
          400,
          page("Sign-in expired", "<p>This sign-in request has expired. Start again from the console.</p>"),
        );
        return;
      }
      console.error("idp: interaction failed", err);
      if (!res.headersSent) sendHtml(res, 500, page("Error", "<p>Something went wrong.</p>"));
    });
  };

  return {
    issuer,
    accounts: {
      setGroups: (username, groups) => {
        account(username).groups = [...groups];
      },
      setDisabled: (username, disabled) => {
        account(username).disabled = disabled;
      },
    },
    refreshGrants: () => ({ ...grants }),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * Userinfo for the API's JWT access tokens (oidc-provider answers only its own opaque tokens
 * there): the token verified against this IdP's keys, issuer and the API audience, then the
 * account's claims as they are now, so a changed group shows at the next call.
 */
function apiUserinfo(
  token: string,
  issuer: string,
  keys: ReturnType<typeof createRemoteJWKSet>,
  accounts: Map<string, Account>,
  res: ServerResponse,
): void {
  const refuse = () =>
    res
      .writeHead(401, { "www-authenticate": 'Bearer error="invalid_token"', "cache-control": "no-store" })
      .end();
  jwtVerify(token, keys, { issuer, audience: API_AUDIENCE }).then(
    ({ payload }) => {
      const account = accounts.get(String(payload.sub));
      if (!account || account.disabled) return refuse();
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(
        JSON.stringify({
          sub: payload.sub,
          name: account.name,
          preferred_username: account.username,
          email: account.email,
          email_verified: true,
          groups: [...account.groups],
        }),
      );
    },
    () => refuse(),
  );
}

function redirectUris(extra: string[] = []): string[] {
  const fromEnv = (process.env.IDP_REDIRECT_URIS ?? "").split(",").map((uri) => uri.trim());
  const defaults = CONSOLE_PORTS.flatMap((port) =>
    ["localhost", "127.0.0.1"].map((host) => `http://${host}:${port}${CALLBACK_PATH}`),
  );
  return [...new Set([...defaults, ...fromEnv, ...extra].filter(Boolean))];
}

function configuration(accounts: Map<string, Account>, redirects: string[], tokenTtl = 3600): Configuration {
  const day = 24 * 60 * 60;
  return {
    clients: [
      {
        client_id: DEV_CLIENT.clientId,
        client_secret: DEV_CLIENT.clientSecret,
        client_name: "KaaS Console",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        // oidc-provider accepts client_secret_post too for a client registered with client_secret_basic.
        token_endpoint_auth_method: "client_secret_basic",
        redirect_uris: redirects,
        post_logout_redirect_uris: [...new Set(redirects.map((uri) => `${new URL(uri).origin}/`))],
      },
      {
        client_id: CLI_CLIENT_ID,
        client_name: "kaas CLI",
        // Public: a terminal holds no secret. It signs in with a code the user enters here.
        token_endpoint_auth_method: "none",
        grant_types: ["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"],
        response_types: [],
        redirect_uris: [],
      },
      {
        client_id: CLI_USERINFO_CLIENT_ID,
        client_name: "kaas CLI (groups from userinfo)",
        token_endpoint_auth_method: "none",
        grant_types: ["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"],
        response_types: [],
        redirect_uris: [],
      },
    ],
    jwks: { keys: [signingKey()] },
    // The in-memory adapter loses sessions on restart anyway, so fresh cookie keys per start cost nothing.
    cookies: {
      keys: [randomBytes(32).toString("base64url")],
      // Cookies ignore ports: distinct names keep the IdP's and a console's on the same host apart.
      names: { session: "kaas_idp_session", interaction: "kaas_idp_interaction", resume: "kaas_idp_resume" },
    },
    claims: {
      openid: ["sub"],
      profile: ["name", "preferred_username"],
      email: ["email", "email_verified"],
      groups: ["groups"],
    },
    scopes: ["openid", "offline_access", "profile", "email", "groups"],
    // The console reads identity and groups from the ID token alone, without a userinfo call.
    conformIdTokenClaims: false,
    // Read on every grant, refreshes included: a disabled account or changed groups show at the next one.
    findAccount: (_ctx, sub) => {
      const account = accounts.get(sub);
      if (!account || account.disabled) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          name: account.name,
          preferred_username: account.username,
          email: account.email,
          email_verified: true,
          groups: [...account.groups],
        }),
      };
    },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: { enabled: true, userCodeInputSource, userCodeConfirmSource, successSource },
      // The CLI's access tokens are JWTs for the console's API, so the console can verify them with
      // this IdP's published keys; the console's own client keeps opaque tokens for userinfo.
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, client) => (isCliClient(client?.clientId) ? API_RESOURCE : undefined),
        // Without this an `openid` request gets a userinfo token instead of one for the API.
        useGrantedResource: (ctx) => isCliClient(ctx.oidc.client?.clientId),
        getResourceServerInfo: (_ctx, resource, client) => {
          if (resource !== API_RESOURCE || !isCliClient(client.clientId)) throw new errors.InvalidTarget();
          return {
            scope: "openid profile email groups offline_access",
            audience: API_AUDIENCE,
            accessTokenTTL: tokenTtl,
            accessTokenFormat: "jwt",
            jwt: { sign: { alg: "RS256" } },
          };
        },
      },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    },
    // OIDC drops `offline_access` unless the request also says `prompt=consent`, which Auth.js does not
    // send; a confidential web client gets a refresh token anyway (the pattern oidc-provider documents).
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    // Every refresh gets a new refresh token and spends the old one; oidc-provider revokes the whole
    // grant when a spent one comes back (reuse detection), as Keycloak does with its reuse limit 0.
    rotateRefreshToken: true,
    // The API reads identity and groups from the access token alone (as Keycloak's mappers put them there).
    extraTokenClaims: async (_ctx, token) => {
      if (token.kind !== "AccessToken" || token.resourceServer?.audience !== API_AUDIENCE) return undefined;
      if (!token.accountId) return undefined;
      const account = accounts.get(token.accountId);
      if (!account || account.disabled) return undefined;
      return {
        preferred_username: account.username,
        name: account.name,
        email: account.email,
        ...(token.clientId === CLI_USERINFO_CLIENT_ID ? {} : { groups: [...account.groups] }),
      };
    },
    // The console talks to the IdP from its server only; browsers never need CORS here.
    clientBasedCORS: () => false,
    ttl: {
      AccessToken: tokenTtl,
      IdToken: tokenTtl,
      AuthorizationCode: 60,
      RefreshToken: 14 * day,
      Interaction: 60 * 60,
      Session: 14 * day,
      Grant: 14 * day,
    },
    renderError,
  };
}

/** Reads the RS256 signing key, creating it on first start, so restarts keep issued tokens verifiable. */
function signingKey(): JWK {
  const file = path.join(DATA_DIR, "jwks.json");
  try {
    return parseKey(readFileSync(file, "utf8"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  mkdirSync(DATA_DIR, { recursive: true });
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const key = { ...privateKey.export({ format: "jwk" }), alg: "RS256", use: "sig" };
  // Write aside, then link: link fails if another process created the file first, and then we use theirs.
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ keys: [key] }, null, 2)}\n`, { mode: 0o600 });
  try {
    linkSync(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    unlinkSync(temp);
  }
  return parseKey(readFileSync(file, "utf8"));
}

function parseKey(text: string): JWK {
  const key = (JSON.parse(text) as { keys?: JWK[] }).keys?.[0];
  if (key?.kty !== "RSA" || !key.d) throw new Error(`idp: ${DATA_DIR}/jwks.json holds no RSA private key`);
  return key;
}

/** Drives one interaction: the login form, then consent granted without asking (first-party client). */
async function interaction(
  provider: Provider,
  accounts: Map<string, Account>,
  uid: string,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new errors.SessionNotFound("interaction mismatch");

  if (details.prompt.name === "login") {
    if (req.method !== "POST") {
      const hint = details.params.login_hint;
      sendHtml(res, 200, loginPage(uid, typeof hint === "string" ? hint : "", false));
      return;
    }
    const form = await readForm(req);
    const username = form.get("username") ?? "";
    const account = authenticate(accounts, username, form.get("password") ?? "");
    if (!account) {
      sendHtml(res, 200, loginPage(uid, username, true));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: account.username } });
    return;
  }

  if (details.prompt.name === "consent") {
    const { Grant } = provider;
    const grant = details.grantId
      ? await Grant.find(details.grantId)
      : new Grant({ accountId: details.session?.accountId, clientId: String(details.params.client_id) });
    if (!grant) throw new errors.SessionNotFound("grant not found");
    const missing = details.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope);
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(resource, scopes);
    }
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }

  sendHtml(res, 400, page("Unsupported", "<p>This sign-in step is not supported by the demo IdP.</p>"));
}

function authenticate(
  accounts: Map<string, Account>,
  username: string,
  password: string,
): Account | undefined {
  const found = accounts.get(username);
  const account = found?.disabled ? undefined : found;
  // Compare digests so the comparison takes the same time whatever the password's length.
  const digest = (s: string) => createHash("sha256").update(s).digest();
  const ok = timingSafeEqual(digest(password), digest(account?.password ?? randomBytes(16).toString("hex")));
  return account && ok ? account : undefined;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 16_384) throw new Error("form too large");
  }
  return new URLSearchParams(body);
}

function loginPage(uid: string, username: string, failed: boolean): string {
  return page(
    "Sign in",
    `<p class="muted">to the KaaS Console</p>
    ${failed ? '<p class="error" role="alert">Invalid username or password</p>' : ""}
    <form method="post" action="/interaction/${escapeHtml(encodeURIComponent(uid))}">
      <label for="username">Username</label>
      <input id="username" name="username" value="${escapeHtml(username)}" autocomplete="username" autocapitalize="none" required${failed ? "" : " autofocus"}>
      <label for="password">Password</label>
      <input id="password" type="password" name="password" autocomplete="current-password" required${failed ? " autofocus" : ""}>
      <button type="submit">Sign in</button>
    </form>
    <p class="muted small">Demo accounts and their passwords are printed by <code>npm run idp</code>.</p>`,
  );
}

async function logoutSource(ctx: KoaContextWithOIDC, form: string) {
  // `form` is the provider's own markup (hidden fields and its CSRF token), not user input. The
  // console asks for this sign-out itself (RP-initiated logout), so the demo confirms at once;
  // without scripts the buttons still work.
  ctx.type = "html";
  ctx.body = page(
    "Sign out",
    `${form}<p>Signing you out of the ${escapeHtml(TITLE)}…</p>
    <button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>
    <script>document.querySelector('button[name="logout"]').click();</script>`,
  );
}

async function postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
  ctx.type = "html";
  ctx.body = page("Signed out", "<p>You are signed out.</p>");
}

/** The device flow's pages (RFC 8628): the form to enter the code the CLI printed, then a confirmation. */
async function userCodeInputSource(ctx: KoaContextWithOIDC, form: string, _out: unknown, err?: Error) {
  const failed = err
    ? '<p class="error" role="alert">That code is not valid or has expired. Try again.</p>'
    : "";
  deviceHeaders(ctx);
  ctx.body = page(
    "Sign in a device",
    `<p class="muted">Enter the code the <code>kaas</code> command printed.</p>${failed}
    ${form.replace("<input\n", '<label for="user_code">Code</label><input id="user_code"\n')}
    <button type="submit" form="op.deviceInputForm">Continue</button>`,
  );
}

async function userCodeConfirmSource(
  ctx: KoaContextWithOIDC,
  form: string,
  client: { clientName?: string; clientId: string },
  _device: unknown,
  userCode: string,
) {
  deviceHeaders(ctx);
  ctx.body = page(
    "Confirm the device",
    `${form}<p><strong>${escapeHtml(client.clientName ?? client.clientId)}</strong> asks to act as you.</p>
    <p>It should show the code <code data-testid="user-code">${escapeHtml(userCode)}</code>.</p>
    <button type="submit" form="op.deviceConfirmForm">Continue</button>
    <button class="secondary" type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Abort</button>`,
  );
}

async function successSource(ctx: KoaContextWithOIDC) {
  deviceHeaders(ctx);
  ctx.body = page("Device signed in", "<p>You can close this window and return to your terminal.</p>");
}

function deviceHeaders(ctx: KoaContextWithOIDC) {
  ctx.type = "html";
  ctx.set("cache-control", "no-store");
  ctx.set("content-security-policy", CSP);
  ctx.set("x-content-type-options", "nosniff");
}

async function renderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }) {
  ctx.type = "html";
  ctx.body = page(
    "Sign-in error",
    `<p class="error" role="alert">${escapeHtml(out.error)}</p><p>${escapeHtml(out.error_description ?? "")}</p>`,
  );
}

/** No form-action: the login's redirect chain must be free to end at the console's callback. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

function sendHtml(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
  });
  res.end(html);
}

/** Page shell; `body` must already be escaped. */
function page(heading: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(TITLE)}</title>
<style>
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f4f5f7; color: #1f2328;
    font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
  main { width: min(22rem, 90vw); background: #fff; border: 1px solid #d8dde3; border-radius: 10px; padding: 2rem; }
  header { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: #57606a; }
  h1 { font-size: 1.4rem; margin: .25rem 0 0; }
  label { display: block; font-weight: 600; margin: 1rem 0 .3rem; }
  input { box-sizing: border-box; width: 100%; padding: .55rem .7rem; border: 1px solid #c4cbd3; border-radius: 6px; font: inherit; }
  input:focus { outline: 2px solid #2f6feb; outline-offset: 1px; }
  button { margin-top: 1.4rem; width: 100%; padding: .6rem; border: 0; border-radius: 6px; background: #2f6feb;
    color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
  button.secondary { background: #eaeef2; color: #1f2328; margin-top: .5rem; }
  .muted { color: #57606a; margin: 0; }
  .small { font-size: .8rem; margin-top: 1.2rem; }
  .error { background: #ffebe9; border: 1px solid #ffc1ba; color: #a40e26; border-radius: 6px; padding: .5rem .7rem; }
</style>
</head>
<body>
<main>
  <header>${escapeHtml(TITLE)}</header>
  <h1>${escapeHtml(heading)}</h1>
  ${body}
</main>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
