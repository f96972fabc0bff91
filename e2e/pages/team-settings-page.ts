import type { Locator, Page } from "@playwright/test";

/** /teams/<team>/settings */
export class TeamSettingsPage {
  readonly page: Page;
  readonly message: Locator;
  readonly users: Locator;
  readonly groups: Locator;

  constructor(page: Page) {
    this.page = page;
    this.message = page.getByTestId("members-message");
    this.users = page.getByTestId("members-users");
    this.groups = page.getByTestId("members-groups");
  }

  async goto(team: string): Promise<void> {
    await this.page.goto(`/teams/${team}/settings`);
    await this.page.getByRole("heading", { name: "Team settings" }).waitFor();
  }

  /** The row of a member by their Kubernetes subject (`oidc:dave`). */
  row(subject: string): Locator {
    return this.page.locator(`[data-testid="member-row"][data-subject="${subject}"]`);
  }

  async add(
    name: string,
    role: "admin" | "member" | "viewer",
    kind: "User" | "OIDC group" = "User",
  ): Promise<void> {
    await this.page.getByRole("radio", { name: kind, exact: true }).check();
    await this.page.getByLabel(kind === "User" ? "Username or email" : "Group", { exact: true }).fill(name);
    await this.page.getByLabel("Role", { exact: true }).selectOption(role);
    await this.page.getByRole("button", { name: "Add member" }).click();
  }

  /** Chooses a role in the member's select and saves it (choosing alone changes nothing). */
  async setRole(label: string, role: "admin" | "member" | "viewer"): Promise<void> {
    await this.page.getByLabel(`Role of ${label}`, { exact: true }).selectOption(role);
    await this.page.getByRole("button", { name: `Save role for ${label}`, exact: true }).click();
  }

  async remove(label: string): Promise<void> {
    await this.page.getByRole("button", { name: `Remove ${label}`, exact: true }).click();
    await this.page.getByRole("button", { name: "Yes, remove" }).click();
  }
}
