import { createHash, createPublicKey, type JsonWebKey, randomBytes, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpBrowser } from "./code-flow.ts";
import { DEMO_USERS, DEV_CLIENT, type RunningIdp, startIdp } from "./idp.ts";

const REDIRECT_URI = "http://127.0.0.1:3100/api/auth/callback/oidc";

type Browser = ReturnType<typeof httpBrowser>;
const browser = () => httpBrowser(REDIRECT_URI);

function base64url(buf: Buffer) {
  return buf.toString("base64url");
}

let idp: RunningIdp;
let discovery: { authorization_endpoint: string; token_endpoint: string; jwks_uri: string; issuer: string };

beforeAll(async () => {
  idp = await startIdp({ port: 0 });
  discovery = await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json();
});

afterAll(async () => {
  await idp?.stop();
});

/** Starts an authorization request and returns the login page it lands on. */
async function openLogin(b: Browser, verifier: string) {
  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: DEV_CLIENT.clientId,
    response_type: "code",
    redirect_uri: REDIRECT_URI,
    scope: "openid profile email groups offline_access",
    state: "state-123",
    nonce: "nonce-456",
    code_challenge: base64url(createHash("sha256").update(verifier).digest()),
    code_challenge_method: "S256",
  }).toString();
  const { page } = await b.go(authorize.href);
  if (!page) throw new Error("expected the login page");
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain("<title>KaaS demo identity provider</title>");
  expect(html).toContain('<input id="username" name="username"');
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error("login form has no action");
  return new URL(action, page.url || discovery.issuer).href;
}

function postForm(fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  };
}

/** Calls the token endpoint, authenticating with client_secret_basic or client_secret_post. */
async function tokenRequest(fields: Record<string, string>, auth: "basic" | "post" = "basic") {
  const { clientId, clientSecret } = DEV_CLIENT;
  const basic = Buffer.from(`${clientId}:${clientSecret}`).toString("base64");
  const init =
    auth === "post"
      ? postForm({ ...fields, client_id: clientId, client_secret: clientSecret })
      : postForm(fields);
  const res = await fetch(discovery.token_endpoint, {
    ...init,
    headers: {
      ...(init.headers as Record<string, string>),
      ...(auth === "basic" ? { authorization: `Basic ${basic}` } : {}),
    },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { id_token: string; access_token: string; refresh_token?: string };
}

/** Verifies the ID token's RS256 signature against the IdP's JWKS and returns its claims. */
async function verifiedClaims(idToken: string): Promise<Record<string, unknown>> {
  const [header = "", payload = "", signature = ""] = idToken.split(".");
  const { kid, alg } = JSON.parse(Buffer.from(header, "base64url").toString()) as {
    kid: string;
    alg: string;
  };
  expect(alg).toBe("RS256");
  const { keys } = (await (await fetch(discovery.jwks_uri)).json()) as {
    keys: (JsonWebKey & { kid: string })[];
  };
  const jwk = keys.find((k) => k.kid === kid);
  if (!jwk) throw new Error(`no key ${kid} in JWKS`);
  const ok = verify(
    "sha256",
    Buffer.from(`${header}.${payload}`),
    createPublicKey({ key: jwk, format: "jwk" }),
    Buffer.from(signature, "base64url"),
  );
  expect(ok).toBe(true);
  return JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
}

describe("local IdP", () => {
  it("runs an authorization-code flow with PKCE and puts groups into the ID token", async () => {
    const bob = DEMO_USERS.find((u) => u.username === "bob");
    if (!bob) throw new Error("bob is missing");
    const b = browser();
    const verifier = base64url(randomBytes(32));
    const action = await openLogin(b, verifier);

    const { callback } = await b.go(action, postForm({ username: bob.username, password: bob.password }));
    if (!callback) throw new Error("login did not redirect back to the console");
    expect(callback.searchParams.get("state")).toBe("state-123");
    expect(callback.searchParams.get("iss")).toBe(idp.issuer);
    const code = callback.searchParams.get("code");
    if (!code) throw new Error(`no code: ${callback.href}`);

    const tokens = await tokenRequest({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    const claims = await verifiedClaims(tokens.id_token);
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: DEV_CLIENT.clientId,
      sub: "bob",
      nonce: "nonce-456",
      name: bob.name,
      preferred_username: "bob",
      email: "bob@example.com",
      email_verified: true,
      groups: ["team-a"],
    });

    // A refresh token is issued (offline_access is requested) and it works.
    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await tokenRequest(
      { grant_type: "refresh_token", refresh_token: tokens.refresh_token ?? "" },
      "post",
    );
    expect(refreshed.access_token).toBeTruthy();
    expect((await verifiedClaims(refreshed.id_token)).groups).toEqual(["team-a"]);
  });

  it("refuses a wrong password and escapes what it echoes", async () => {
    const b = browser();
    const action = await openLogin(b, base64url(randomBytes(32)));

    const { page, callback } = await b.go(action, postForm({ username: "bob<script>", password: "nope" }));
    expect(callback).toBeUndefined();
    const html = (await page?.text()) ?? "";
    expect(html).toContain("Invalid username or password");
    expect(html).toContain('<input id="password" type="password" name="password"');
    expect(html).toContain("bob&#60;script&#62;");
    expect(html).not.toContain("bob<script>");

    const { page: again } = await b.go(action, postForm({ username: "bob", password: "alice-demo" }));
    expect(await again?.text()).toContain("Invalid username or password");
  });
});
