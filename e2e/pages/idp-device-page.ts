import { expect, type Page } from "@playwright/test";
import { type DemoUserName, USERS } from "./login-page.ts";

/** The identity provider's device sign-in pages (RFC 8628): enter the code, confirm, sign in. */
export class IdpDevicePage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  /** Enters the code a terminal printed at `verificationUri` and signs in as `user`. */
  async approve(verificationUri: string, userCode: string, user: DemoUserName): Promise<void> {
    const { username, password } = USERS[user];
    await this.page.goto(verificationUri);
    await this.page.getByLabel("Code").fill(userCode);
    await this.page.getByRole("button", { name: "Continue" }).click();
    await expect(this.page.getByTestId("user-code")).toHaveText(userCode);
    await this.page.getByRole("button", { name: "Continue" }).click();
    await this.page.getByLabel("Username").fill(username);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
    await expect(this.page.getByRole("heading", { name: "Device signed in" })).toBeVisible();
  }
}
