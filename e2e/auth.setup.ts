import { test as setup } from "@playwright/test";
import { storageStateOf } from "./fixtures.ts";
import { type DemoUserName, LoginPage, USERS } from "./pages/login-page.ts";

// Each demo user signs in once per run, through the real IdP login page; the specs reuse the session.
for (const user of Object.keys(USERS) as DemoUserName[]) {
  setup(`${user} signs in`, async ({ page }) => {
    await new LoginPage(page).signIn(user);
    await page.context().storageState({ path: storageStateOf(user) });
  });
}
