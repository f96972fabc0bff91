import type { Locator, Page } from "@playwright/test";

/** /teams/<team>/clusters/new */
export class NewClusterPage {
  readonly page: Page;
  readonly formError: Locator;
  readonly yaml: Locator;

  constructor(page: Page) {
    this.page = page;
    this.formError = page.getByTestId("form-error");
    this.yaml = page.getByTestId("cluster-yaml");
  }

  async goto(team: string): Promise<void> {
    await this.page.goto(`/teams/${team}/clusters/new`);
    await this.page.getByRole("heading", { name: "New cluster" }).waitFor();
  }

  async fillBasics(opts: { name: string; className?: string; controlPlanes?: 1 | 3 | 5 }): Promise<void> {
    if (opts.className) await this.page.getByLabel("Cluster class").selectOption(opts.className);
    await this.page.getByLabel("Cluster name").fill(opts.name);
    if (opts.controlPlanes)
      await this.page.getByRole("radio", { name: String(opts.controlPlanes), exact: true }).check();
  }

  pool(index: number): Locator {
    return this.page.getByTestId("worker-pool").nth(index);
  }

  async setPool(
    index: number,
    opts: { name?: string; workerClass?: string; replicas?: number },
  ): Promise<void> {
    const pool = this.pool(index);
    if (opts.name !== undefined) await pool.getByLabel("Pool name").fill(opts.name);
    if (opts.workerClass) await pool.getByLabel("Worker class").selectOption(opts.workerClass);
    if (opts.replicas !== undefined) await pool.getByLabel("Replicas").fill(String(opts.replicas));
  }

  async addPool(): Promise<void> {
    await this.page.getByRole("button", { name: "Add worker pool" }).click();
  }

  /** The error shown for the field labelled `label`. */
  fieldError(label: string): Locator {
    return this.page.getByLabel(label).locator("xpath=..").getByRole("alert");
  }

  async review(): Promise<void> {
    await this.page.getByRole("button", { name: "Review" }).click();
  }

  async create(): Promise<void> {
    await this.page.getByRole("button", { name: "Create cluster" }).click();
  }
}
