import type { Browser, BrowserContext, Locator, Page } from "@playwright/test";
import { LOCALE_COOKIE } from "../lib/i18n/locales.ts";
import { expect, storageStateOf, test } from "./fixtures.ts";
import type { DemoUserName } from "./pages/login-page.ts";
import { type Finding, untranslatedText } from "./support/untranslated.ts";

const BASE_URL = process.env.E2E_BASE_URL ?? "http://localhost:3100";

const teamPages = (team: string) => [
  `/teams/${team}/clusters`,
  `/teams/${team}/clusters/new`,
  `/teams/${team}/registry`,
  `/teams/${team}/settings`,
  `/teams/${team}/settings/tokens`,
  `/teams/${team}/audit`,
  // A page that does not exist, inside the console's frame.
  `/teams/${team}/clusters/no-such-cluster-i18n`,
];

/** Every page each demo user reaches from the navigation; pages behind data are found on the way. */
const PAGES: Record<DemoUserName, string[]> = {
  alice: [...teamPages("team-a"), "/status"],
  bob: [...teamPages("team-a"), "/status"],
  erin: [...teamPages("team-a"), "/status"],
  carol: [...teamPages("team-b"), "/status"],
  dave: ["/no-team", "/status"],
  admin: [
    "/status",
    "/admin",
    "/admin/teams/team-a",
    "/admin/teams/team-b",
    "/admin/registry",
    "/admin/audit",
  ],
};

/** A browser context whose browser asks for English, with German chosen in the console. */
async function germanContext(browser: Browser, user: DemoUserName | null): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: "en-US",
    ...(user ? { storageState: storageStateOf(user) } : {}),
  });
  await context.addCookies([{ name: LOCALE_COOKIE, value: "de", url: BASE_URL }]);
  return context;
}

async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForLoadState("load");
  // Hydrated and live data in: the live indicator or a page's own content has settled.
  await page.waitForTimeout(300);
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
}

/** Same-origin links on the page matching `pattern`, at most `limit`. */
async function linksOn(page: Page, pattern: RegExp, limit: number): Promise<string[]> {
  const hrefs = await page
    .locator("main a[href^='/']")
    .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  return [...new Set(hrefs.filter((h) => pattern.test(h)))].slice(0, limit);
}

const report = (path: string, findings: Finding[]) =>
  findings.map((f) => `${path} ${f.where}: “${f.text}” (${f.why})`);

test.describe("German throughout", () => {
  test("the check finds a left-over English label and leaves data alone", async ({ page }) => {
    await page.setContent(`<html lang="de"><body><main>
      <h1>Neuer Cluster</h1>
      <button type="button">Cancel</button>
      <p>Sie haben in diesem Team nur Lesezugriff.</p>
      <p data-i18n-ignore>The cluster is being deleted by the controller</p>
      <code>kubectl get clusters</code>
      <span title="Delete this cluster">✕</span>
      <span title="etcd is not healthy" data-i18n-ignore="title">Bereit</span>
    </main></body></html>`);
    const found = await untranslatedText(page);
    expect(found.map((f) => f.text)).toEqual(["Cancel", "Delete this cluster"]);
  });

  test("the login page is German", async ({ browser }) => {
    const context = await germanContext(browser, null);
    const page = await context.newPage();
    await visit(page, "/login");
    expect(report("/login", await untranslatedText(page))).toEqual([]);
    await context.close();
  });

  for (const user of Object.keys(PAGES) as DemoUserName[]) {
    test(`every page ${user} sees is German`, async ({ browser }) => {
      test.setTimeout(180_000);
      const context = await germanContext(browser, user);
      const page = await context.newPage();
      const problems: string[] = [];
      const seen = new Set<string>();
      const queue = [...PAGES[user]];
      while (queue.length) {
        const path = queue.shift() as string;
        if (seen.has(path)) continue;
        seen.add(path);
        await visit(page, path);
        problems.push(...report(path, await untranslatedText(page)));
        // Pages behind data: a cluster, a repository and a tag, a team's admin page.
        if (/\/clusters$/.test(path)) queue.push(...(await linksOn(page, /\/clusters\/(?!new$)[^/]+$/, 1)));
        if (/\/registry$/.test(path)) queue.push(...(await linksOn(page, /\/registry\/.+/, 1)));
        if (/\/registry\/[^?]+$/.test(path) && path.split("/").length < 8)
          queue.push(...(await linksOn(page, /\/registry\/.+\/-\/.+/, 1)));
      }
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});

/** The form around `field` and its submit button. */
const submitOf = (page: Page, field: string) =>
  page
    .locator("form")
    .filter({ has: page.locator(field) })
    .locator('button[type="submit"]');

const PASSWORD_CLOUDS_YAML = `clouds:
  openstack:
    auth:
      auth_url: https://keystone.example.test:5000/v3
      username: i18n
      password: not-a-real-password
    auth_type: password
`;

/**
 * Every form refuses in German: one bad input per form checked by the shared schema in the browser,
 * and one refusal the server words (an ActionError), each read by the same untranslated-text check.
 * One team admin covers the team's forms and the platform admin the admin forms; refusals change
 * nothing (a refused upload and a refused team are audited, as any attempt).
 */
test.describe("refusals in German", () => {
  async function refusedPage(browser: Browser, user: DemoUserName) {
    const context = await germanContext(browser, user);
    const page = await context.newPage();
    const problems: string[] = [];
    /** Waits for what the form said back, then reads the whole page. */
    const check = async (what: string, said: Locator) => {
      await expect(said).toBeVisible();
      await expect(said).not.toBeEmpty();
      problems.push(...report(what, await untranslatedText(page)));
    };
    return { context, page, problems, check };
  }

  test("alice's team forms refuse in German, in the browser and on the server", async ({ browser }) => {
    test.setTimeout(120_000);
    const { context, page, problems, check } = await refusedPage(browser, "alice");

    await visit(page, "/teams/team-a/clusters/new");
    await page.locator("#name").fill("Kein_Name");
    await submitOf(page, "#name").click();
    await check("new cluster: name", page.locator("#name-error"));
    // A class variable's bound, checked in the browser against the class's own schema.
    await page.locator("#name").fill(`i18n-var-${Date.now().toString(36)}`);
    await page.locator("#var-workerRootDisk").fill("5");
    await submitOf(page, "#name").click();
    await check("new cluster: a variable's bound", page.locator("#var-workerRootDisk-error"));
    await page.locator("#var-workerRootDisk").fill("50");
    // The node quota (20 for team-a) is the server's to check.
    await page.locator("#name").fill(`i18n-quota-${Date.now().toString(36)}`);
    await page.getByTestId("worker-pool").first().locator('input[id$="replicas"]').fill("400");
    await submitOf(page, "#name").click();
    await check("new cluster: node quota", page.getByTestId("form-error"));
    // An add-on without what it needs: the sentence names them, joined as German joins names.
    await page.getByTestId("worker-pool").first().locator('input[id$="replicas"]').fill("1");
    const issuer = page.locator('[data-testid="addon-offer"][data-addon="letsencrypt"]');
    await issuer.getByRole("checkbox").check();
    await submitOf(page, "#name").click();
    await check("new cluster: an add-on's needs", page.locator("#addon-letsencrypt-error"));
    await expect(page.locator("#addon-letsencrypt-error")).toContainText(" und ");

    await visit(page, "/teams/team-a/settings");
    await page.locator("#member-name").fill("kein name!");
    await submitOf(page, "#member-name").click();
    await check("add member: name", page.locator("#member-name-error"));
    await page.locator("#member-name").fill("niemand-i18n@example.test");
    await submitOf(page, "#member-name").click();
    await check("add member: unknown email", page.getByTestId("members-message"));
    await page.locator("#clouds-yaml").fill(PASSWORD_CLOUDS_YAML);
    await submitOf(page, "#clouds-yaml").click();
    await check("cloud credentials: a password", page.getByTestId("credentials-error"));

    await visit(page, "/teams/team-a/settings/tokens");
    // The days' bounds are the browser's own (min, max): only the name reaches the schema.
    await page.locator("#token-name").fill("kein?name");
    await submitOf(page, "#token-name").click();
    await check("new token: name", page.locator("#token-name-error"));

    expect(problems).toEqual([]);
    await context.close();
  });

  test("the platform admin's forms refuse in German, in the browser and on the server", async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const { context, page, problems, check } = await refusedPage(browser, "admin");

    await visit(page, "/admin");
    await page.locator("#team-slug").fill("a");
    await submitOf(page, "#team-slug").click();
    await check("create team: slug", page.locator("#team-slug-error"));
    // A slug in use is the server's to refuse.
    await page.locator("#team-slug").fill("team-a");
    await page.locator("#team-displayName").fill("Team A");
    await submitOf(page, "#team-slug").click();
    await check("create team: slug taken", page.locator("#team-slug-error"));
    await page.locator("#end-sessions-subject").fill("kein name");
    await submitOf(page, "#end-sessions-subject").click();
    await check("end sessions: username", page.locator("#end-sessions-subject-error"));

    await visit(page, "/admin/teams/team-b");
    // Not marked insecure: the shared schema refuses plain http before anything is saved.
    await page.locator("#registry-insecure").uncheck();
    await page.locator("#registry-url").fill("http://registry.example.test");
    await submitOf(page, "#registry-url").click();
    await check("registry connection: plain http", page.locator("#registry-url-error"));

    expect(problems).toEqual([]);
    await context.close();
  });
});

test.describe("choosing the language", () => {
  test("the header's switch is remembered across reloads", async ({ browser }) => {
    const context = await browser.newContext({ locale: "en-US", storageState: storageStateOf("alice") });
    const page = await context.newPage();
    await page.goto("/status");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

    // Choosing alone changes nothing (WCAG 3.2.2); the button, in the language chosen, switches.
    await page.getByTestId("language-switcher").selectOption("de");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.getByRole("button", { name: "Auf Deutsch umstellen" }).click();
    await expect(page.getByRole("button", { name: "Abmelden" })).toBeVisible();
    await expect(page.getByTestId("language-apply")).toHaveCount(0);
    await expect(page.locator("html")).toHaveAttribute("lang", "de");

    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.getByRole("button", { name: "Abmelden" })).toBeVisible();
    // A shared link stays the same link: no language in the URL.
    expect(new URL(page.url()).pathname).toBe("/status");

    await page.getByTestId("language-switcher").selectOption("en");
    await page.getByRole("button", { name: "Switch to English" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await context.close();
  });

  test("a browser asking for German gets German without a choice made, and English otherwise", async ({
    browser,
  }) => {
    const german = await browser.newContext({ locale: "de-DE", storageState: storageStateOf("bob") });
    const page = await german.newPage();
    await page.goto("/status");
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await expect(page.getByRole("button", { name: "Abmelden" })).toBeVisible();
    expect((await german.cookies()).some((c) => c.name === LOCALE_COOKIE)).toBe(false);
    await german.close();

    const other = await browser.newContext({ locale: "fr-FR" });
    const login = await other.newPage();
    await login.goto("/login");
    await expect(login.locator("html")).toHaveAttribute("lang", "en");
    await expect(login.getByRole("button", { name: "Sign in" })).toBeVisible();
    await other.close();
  });
});
