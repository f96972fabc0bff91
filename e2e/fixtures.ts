import { join } from "node:path";
import { type BrowserContext, test as base, type Page } from "@playwright/test";
import type { DemoUserName } from "./pages/login-page.ts";

/**
 * The signed-in browser state (the session cookie) the setup project saves for each demo user.
 * Sessions are rows in the run's database, so the files are only good for the run that wrote them.
 */
export function storageStateOf(user: DemoUserName): string {
  return join(import.meta.dirname, ".auth", `${user}.json`);
}

type Fixtures = {
  /**
   * A new page, in a browser context of its own, signed in as `user` with the session the setup
   * project made (no trip through the identity provider). The page starts blank: attach listeners,
   * then navigate. Its context closes after the test. A test that signs out or revokes a session
   * must sign in itself (LoginPage) instead: every test using this shares the user's one session.
   */
  asUser: (user: DemoUserName) => Promise<Page>;
};

export const test = base.extend<Fixtures>({
  asUser: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (user) => {
      const context = await browser.newContext({ storageState: storageStateOf(user) });
      contexts.push(context);
      return context.newPage();
    });
    for (const context of contexts) await context.close();
  },
});

export { expect } from "@playwright/test";
