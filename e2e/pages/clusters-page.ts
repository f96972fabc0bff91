import type { Locator, Page } from "@playwright/test";

/** /teams/<team>/clusters */
export class ClustersPage {
  readonly page: Page;
  readonly rows: Locator;
  readonly heading: Locator;
  /** The live/reconnecting indicator (role="status"). */
  readonly liveStatus: Locator;

  constructor(page: Page) {
    this.page = page;
    this.rows = page.getByTestId("cluster-row");
    this.heading = page.getByRole("heading", { name: "Clusters" });
    this.liveStatus = page.getByTestId("live-status");
  }

  async goto(team: string): Promise<void> {
    await this.page.goto(`/teams/${team}/clusters`);
  }

  /** Names of the clusters shown, in table order. */
  async names(): Promise<string[]> {
    await this.rows.first().waitFor();
    return this.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-cluster") ?? ""));
  }

  /** The row of one cluster. */
  row(name: string): Locator {
    return this.rows.and(this.page.locator(`[data-cluster="${name}"]`));
  }

  async filter(text: string): Promise<void> {
    await this.page.getByLabel("Filter clusters by name").fill(text);
  }

  async sortBy(column: string): Promise<void> {
    await this.page.getByRole("columnheader", { name: column }).getByRole("button").click();
  }
}
