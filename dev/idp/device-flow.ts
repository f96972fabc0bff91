/**
 * The device authorization grant (RFC 8628) driven over plain HTTP: start it as the
 * `kaas` CLI does, then enter the user code and sign in as a user would in a browser. For tests
 * that need real CLI access tokens without a browser (the e2e does the same in Chromium).
 */
import { httpBrowser, loginForm, unescapeHtml } from "./code-flow.ts";
import { CLI_CLIENT_ID } from "./idp.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

/** The token response of a device sign-in. */
export type DeviceTokens = {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in?: number;
};

/** The first form of a page: its action and its input fields (the user-code field left empty). */
function firstForm(html: string, base: string): { action: string; fields: Record<string, string> } | null {
  const form = html.match(/<form\b[^>]*\baction="[^"]+"[^>]*>[\s\S]*?<\/form>/gi)?.[0];
  const action = form ? /\baction="([^"]+)"/i.exec(form)?.[1] : undefined;
  if (!form || !action) return null;
  const fields: Record<string, string> = {};
  for (const input of form.match(/<input\b[^>]*>/gi) ?? []) {
    const name = /\bname="([^"]+)"/i.exec(input)?.[1];
    if (name) fields[name] = unescapeHtml(/\bvalue="([^"]*)"/i.exec(input)?.[1] ?? "");
  }
  return { action: new URL(unescapeHtml(action), base).href, fields };
}

/**
 * Signs `username` in at `issuer` (the dev IdP or Keycloak) through the device flow of the public
 * client `clientId` and returns its tokens: the pages are walked as a browser would, entering the
 * code where asked, confirming, and filling the login form.
 */
export async function deviceSignIn(
  issuer: string,
  username: string,
  password: string,
  opts: { clientId?: string; scope?: string } = {},
): Promise<DeviceTokens> {
  const clientId = opts.clientId ?? CLI_CLIENT_ID;
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
    device_authorization_endpoint: string;
    token_endpoint: string;
  };
  const started = await fetch(discovery.device_authorization_endpoint, {
    method: "POST",
    headers: FORM,
    body: new URLSearchParams({
      client_id: clientId,
      scope: opts.scope ?? "openid profile email groups offline_access",
    }).toString(),
  });
  if (!started.ok)
    throw new Error(`device authorization answered ${started.status}: ${await started.text()}`);
  const device = (await started.json()) as {
    device_code: string;
    user_code: string;
    verification_uri: string;
    verification_uri_complete?: string;
  };

  const browser = httpBrowser(`${issuer}/never`);
  // The address with the code in it, as a phone scanning a QR code opens (Keycloak then asks no code).
  let at = device.verification_uri_complete ?? device.verification_uri;
  let step = await browser.go(at);
  for (let hop = 0; hop < 8; hop++) {
    const html = (await step.page?.text()) ?? "";
    at = step.page?.url || at;
    if (/Device signed in|Device Login Successful/i.test(html)) break;
    if (/type="password"/i.test(html)) {
      const login = loginForm(html, at);
      step = await browser.go(login.action, {
        method: "POST",
        headers: FORM,
        body: new URLSearchParams({ ...login.hidden, username, password }).toString(),
      });
      continue;
    }
    const form = firstForm(html, at);
    if (!form)
      throw new Error(`device sign-in of ${username}: no form on ${at}: ${/<title>([^<]*)/.exec(html)?.[1]}`);
    // The code entry (`user_code` at the dev IdP, `device_user_code` at Keycloak) or a confirmation.
    for (const name of Object.keys(form.fields))
      if (/user_code$/.test(name)) form.fields[name] = device.user_code;
    delete form.fields.abort;
    // Keycloak's consent to a device sign-in: the "Yes" button.
    if (/<button\b[^>]*\bname="accept"/.test(html)) form.fields.accept = "";
    step = await browser.go(form.action, {
      method: "POST",
      headers: FORM,
      body: new URLSearchParams(form.fields).toString(),
    });
  }

  const res = await fetch(discovery.token_endpoint, {
    method: "POST",
    headers: FORM,
    body: new URLSearchParams({
      client_id: clientId,
      grant_type: "urn:ietf:params:oauth:grant-type:device_code",
      device_code: device.device_code,
    }).toString(),
  });
  if (!res.ok) throw new Error(`token endpoint answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as DeviceTokens;
}
