import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { KeycloakAdmin, type KeycloakAdminTarget } from "../../dev/keycloak/admin.ts";
import { kaas, startKaas, transcript } from "../support/kaas-cli.ts";

/**
 * `kaas login` against Keycloak (the `keycloak` project's console signs in at Keycloak): the
 * device authorization grant of Keycloak's public `kaas-cli` client, the code's address opened in
 * Chromium and Keycloak's own login form, then the API with Keycloak's access token; a group
 * removed at Keycloak is gone at the CLI's next token refresh.
 */
const target = JSON.parse(process.env.E2E_KEYCLOAK ?? "null") as KeycloakAdminTarget | null;
if (!target)
  throw new Error("E2E_KEYCLOAK is not set: this spec runs in the keycloak project (dev/e2e.ts postgres)");

type Stored = { oidc?: { accessToken: string; expiresAt: number } };

test("kaas login through Keycloak's device flow: bob's token works as bob on team-a, and loses team-a when Keycloak removes him from the group", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(4 * 60_000);
  const server = new URL(baseURL ?? "").origin;
  const home = mkdtempSync(join(tmpdir(), "kaas-kc-"));
  const env = { XDG_CONFIG_HOME: home };
  const config = join(home, "kaas", "config.json");

  const login = startKaas(["login", "--server", server], env);
  const [, complete = ""] = await login.waitFor(/\(or open (\S+)\)/);
  expect(complete).toContain(`/realms/${target.realm}/device?user_code=`);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(complete);
    await page.getByLabel(/username/i).fill("bob");
    await page.getByLabel("Password", { exact: true }).fill("bob-demo");
    await page.getByRole("button", { name: /sign in/i }).click();
    // Keycloak asks every device sign-in for consent, whatever the client's consent setting.
    await expect(page.getByText("Do you grant these access privileges?")).toBeVisible();
    await page.getByRole("button", { name: "Yes" }).click();
    await expect(page.getByText("Device Login Successful")).toBeVisible();
  } finally {
    await context.close();
  }
  const loggedIn = await login.done;
  expect(loggedIn.code, `${loggedIn.stdout}${loggedIn.stderr}`).toBe(0);
  expect(loggedIn.stdout).toContain("team-a: member");

  const list = await kaas(["clusters", "list", "--team", "team-a"], env);
  expect(list.code).toBe(0);
  expect(list.stdout).toContain("web-prod");
  const dry = await kaas(
    ["clusters", "create", "kc-dry", "--team", "team-a", "--class", "inmemory-scs-1-35-v1", "--dry-run"],
    env,
  );
  expect(dry.code, dry.stderr).toBe(0);
  expect(dry.stdout).toContain("Dry run");

  const kc = new KeycloakAdmin(target);
  await kc.removeFromGroup("bob", "team-a");
  try {
    // The next command finds the access token expired and refreshes it at Keycloak.
    const stored = JSON.parse(readFileSync(config, "utf8")) as Stored;
    writeFileSync(config, JSON.stringify({ ...stored, oidc: { ...stored.oidc, expiresAt: 0 } }));
    const gone = await kaas(["clusters", "list", "--team", "team-a"], env);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain("HTTP 404");
  } finally {
    await kc.addToGroup("bob", "team-a");
  }
  const stored = JSON.parse(readFileSync(config, "utf8")) as Stored;
  writeFileSync(config, JSON.stringify({ ...stored, oidc: { ...stored.oidc, expiresAt: 0 } }));
  const back = await kaas(["clusters", "list", "--team", "team-a"], env);
  expect(back.code).toBe(0);
  console.log(transcript.join("\n"));
});
