import { expect, type Locator, type Page } from "@playwright/test";

/** /teams/<team>/clusters/<name> */
export class ClusterPage {
  readonly page: Page;
  readonly machines: Locator;

  constructor(page: Page) {
    this.page = page;
    this.machines = page.getByTestId("machine-row");
  }

  async goto(team: string, name: string): Promise<void> {
    await this.page.goto(`/teams/${team}/clusters/${name}`);
  }

  /** Waits (the page refreshes itself) until `count` machines are Running. */
  async expectRunningMachines(count: number, timeout: number): Promise<void> {
    await expect(this.page.locator('[data-testid="machine-row"][data-phase="Running"]')).toHaveCount(count, {
      timeout,
    });
  }

  scalePool(index: number): Locator {
    return this.page.getByRole("region", { name: "Scale" }).getByTestId("worker-pool").nth(index);
  }

  async reviewAndApplyScale(): Promise<void> {
    await this.page.getByRole("button", { name: "Review change" }).click();
    await expect(this.page.getByTestId("change-diff")).toBeVisible();
    await this.page.getByRole("button", { name: "Apply change" }).click();
  }
}
