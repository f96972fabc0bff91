import type { Page } from "@playwright/test";

/** Demo accounts of dev/idp (dev-only passwords). */
export const USERS = {
  admin: { username: "admin", password: "admin-demo" },
  alice: { username: "alice", password: "alice-demo" },
  bob: { username: "bob", password: "bob-demo" },
  carol: { username: "carol", password: "carol-demo" },
  erin: { username: "erin", password: "erin-demo" },
  dave: { username: "dave", password: "dave-demo" },
} as const;

export type DemoUserName = keyof typeof USERS;

/** The console's login page and the identity provider's login form behind it. */
export class LoginPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  /** Signs in through the real IdP login page and waits to be back on the console. */
  async signIn(user: DemoUserName, path = "/"): Promise<void> {
    const { username, password } = USERS[user];
    await this.page.goto(path);
    await this.page.getByRole("button", { name: "Sign in" }).click();
    await this.page.getByLabel("Username").fill(username);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
    await this.page.waitForURL(
      (url) => !url.pathname.startsWith("/login") && url.port === new URL(this.page.url()).port,
    );
    await this.page.getByTestId("current-user").waitFor();
  }
}
