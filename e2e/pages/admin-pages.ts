import { expect, type Locator, type Page } from "@playwright/test";

/** /admin and /admin/teams/<team>: the platform admin's team pages. */
export class AdminPages {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  async gotoTeams(): Promise<void> {
    await this.page.goto("/admin");
    await this.page.getByRole("heading", { name: "Teams", exact: true }).waitFor();
  }

  teamRow(slug: string): Locator {
    return this.page.getByTestId("admin-team-row").filter({ hasText: slug });
  }

  async createTeam(opts: {
    slug: string;
    displayName: string;
    maxClusters: number;
    adminGroups?: string;
  }): Promise<void> {
    const form = this.page.getByRole("form", { name: "Create a team" });
    await form.getByLabel("Team slug").fill(opts.slug);
    await form.getByLabel("Display name").fill(opts.displayName);
    await form.getByLabel("Admin groups").fill(opts.adminGroups ?? "");
    await form.getByLabel("Cluster quota").fill(String(opts.maxClusters));
    await form.getByRole("button", { name: "Create team" }).click();
    await this.page.waitForURL(`**/admin/teams/${opts.slug}`, { timeout: 90_000 });
  }

  async gotoTeam(slug: string): Promise<void> {
    await this.page.goto(`/admin/teams/${slug}`);
    await this.page.getByRole("heading", { name: "Quotas" }).waitFor();
  }

  async copyClass(fromNamespace: string, className: string): Promise<void> {
    const form = this.page.getByRole("form", { name: "Copy a cluster class" });
    await form.getByLabel("From namespace").selectOption(fromNamespace);
    await form.getByLabel("Class to copy").selectOption(className);
    await form.getByRole("button", { name: "Copy class" }).click();
    await expect(this.page.getByTestId("copy-class-status")).toContainText(`Copied ${className}`);
  }

  async offerOnly(className: string): Promise<void> {
    const form = this.page.getByRole("form", { name: "Offered cluster classes" });
    await form.getByRole("checkbox", { name: className, exact: true }).check();
    await form.getByRole("button", { name: "Save offered classes" }).click();
    await expect(this.page.getByTestId("offered-status")).toHaveText("Offered classes saved.");
  }

  async mapGroups(groups: { admin?: string; member?: string; viewer?: string }): Promise<void> {
    const form = this.page.getByRole("form", { name: "Group mapping" });
    if (groups.admin !== undefined) await form.getByLabel("Admin groups").fill(groups.admin);
    if (groups.member !== undefined) await form.getByLabel("Member groups").fill(groups.member);
    if (groups.viewer !== undefined) await form.getByLabel("Viewer groups").fill(groups.viewer);
    await form.getByRole("button", { name: "Save group mapping" }).click();
    await expect(this.page.getByTestId("groups-status")).toHaveText("Group mapping saved.");
  }

  /** Types the slug and archives; returns the alert text when it was refused. */
  async archive(slug: string): Promise<void> {
    await this.page.getByLabel("Type the team slug to confirm").fill(slug);
    await this.page.getByRole("button", { name: "Archive this team" }).click();
  }
}
