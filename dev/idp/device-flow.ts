/**
 * The device authorization grant (RFC 8628) of the dev IdP driven over plain HTTP: start it as the
 * `kaas` CLI does, then enter the user code and sign in as a user would in a browser. For tests
 * that need real CLI access tokens without a browser (the e2e does the same in Chromium).
 */
import { httpBrowser, loginForm } from "./code-flow.ts";
import { CLI_CLIENT_ID } from "./idp.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

/** The token response of a device sign-in. */
export type DeviceTokens = {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in?: number;
};

/** Signs `username` in at the dev IdP `issuer` through the device flow and returns the CLI's tokens. */
export async function deviceSignIn(
  issuer: string,
  username: string,
  password: string,
  scope = "openid profile email groups offline_access",
): Promise<DeviceTokens> {
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
    device_authorization_endpoint: string;
    token_endpoint: string;
  };
  const started = await fetch(discovery.device_authorization_endpoint, {
    method: "POST",
    headers: FORM,
    body: new URLSearchParams({ client_id: CLI_CLIENT_ID, scope }).toString(),
  });
  if (!started.ok) throw new Error(`device authorization answered ${started.status}`);
  const device = (await started.json()) as {
    device_code: string;
    user_code: string;
    verification_uri: string;
  };

  const browser = httpBrowser(`${issuer}/never`);
  const xsrfOf = (html: string) => /name="xsrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const post = (url: string, fields: Record<string, string>) =>
    browser.go(url, { method: "POST", headers: FORM, body: new URLSearchParams(fields).toString() });
  const input = await browser.go(device.verification_uri);
  const entered = await post(device.verification_uri, {
    xsrf: xsrfOf((await input.page?.text()) ?? ""),
    user_code: device.user_code,
  });
  const confirmHtml = (await entered.page?.text()) ?? "";
  const login = await post(device.verification_uri, {
    xsrf: xsrfOf(confirmHtml),
    user_code: device.user_code,
    confirm: "yes",
  });
  if (!login.page) throw new Error("expected the IdP's login page");
  const form = loginForm(await login.page.text(), login.page.url || issuer);
  const done = await post(form.action, { ...form.hidden, username, password });
  if (!/Device signed in/.test((await done.page?.text()) ?? ""))
    throw new Error(`device sign-in of ${username} did not finish`);

  const res = await fetch(discovery.token_endpoint, {
    method: "POST",
    headers: FORM,
    body: new URLSearchParams({
      client_id: CLI_CLIENT_ID,
      grant_type: "urn:ietf:params:oauth:grant-type:device_code",
      device_code: device.device_code,
    }).toString(),
  });
  if (!res.ok) throw new Error(`token endpoint answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as DeviceTokens;
}
