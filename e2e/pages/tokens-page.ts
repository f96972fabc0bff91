import { expect, type Page } from "@playwright/test";

/** The team's API tokens page (settings → API tokens). */
export class TokensPage {
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  async goto(team: string): Promise<void> {
    await this.page.goto(`/teams/${team}/settings/tokens`);
    await expect(this.page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();
  }

  /** Makes a token and returns its clear text, shown once; `platform` ticks "Platform token" (platform admins). */
  async make(name: string, role: "viewer" | "member" | "admin", days = 7, platform = false): Promise<string> {
    await this.page.getByLabel("Name").fill(name);
    await this.page.getByLabel("Role").selectOption(role);
    await this.page.getByLabel("Expires in (days)").fill(String(days));
    // Platform power is chosen for each token: the box (platform admins only) starts unticked,
    // also right after a platform token was made.
    const box = this.page.getByLabel(/^Platform token/);
    if (platform) await box.check();
    else if (await box.count()) await expect(box).not.toBeChecked();
    await this.page.getByRole("button", { name: "Make token" }).click();
    // The box of an earlier token stays until this one is made: wait for this one's own heading.
    await expect(this.page.getByRole("heading", { name: `Your new token ${name}` })).toBeVisible();
    await expect(this.row(name)).toContainText(role);
    if (platform) await expect(this.row(name)).toContainText("platform");
    else await expect(this.row(name)).not.toContainText("platform");
    const shown = this.page.getByTestId("new-token");
    await expect(shown).toContainText("kaas_pat_");
    return ((await shown.textContent()) ?? "").trim();
  }

  row(name: string) {
    return this.page.locator(`[data-testid="token-row"][data-name="${name}"]`);
  }

  async revoke(name: string): Promise<void> {
    await this.page.getByTestId(`revoke-token-${name}`).click();
    await this.page.getByLabel("Token name").fill(name);
    await this.page.getByRole("button", { name: "Revoke token" }).click();
    await expect(this.row(name)).toContainText("revoked");
  }
}
