import { expect, type Locator, type Page } from "@playwright/test";

/** /teams/<team>/clusters/<name> */
export class ClusterPage {
  readonly page: Page;
  readonly machines: Locator;
  readonly liveStatus: Locator;
  readonly verdict: Locator;
  readonly readinessTotal: Locator;
  readonly timeline: Locator;
  /** The timeline's steps (problems first); each holds its raw rows, `timeline` above. */
  readonly timelineSteps: Locator;

  constructor(page: Page) {
    this.page = page;
    this.machines = page.getByTestId("machine-row");
    this.liveStatus = page.getByTestId("live-status");
    this.verdict = page.getByTestId("cluster-verdict");
    this.readinessTotal = page.getByTestId("readiness-total");
    this.timeline = page.getByTestId("timeline-entry");
    this.timelineSteps = page.getByTestId("timeline-step");
  }

  /** The readiness bar of the control plane (`control-plane`) or a worker pool (`pool:md-0`). */
  readinessGroup(key: string): Locator {
    return this.page.locator(`[data-testid="readiness-group"][data-group="${key}"]`);
  }

  addon(name: string): Locator {
    return this.page.locator(`[data-testid="addon"][data-name="${name}"]`);
  }

  async goto(team: string, name: string): Promise<void> {
    await this.page.goto(`/teams/${team}/clusters/${name}`);
  }

  /** Waits (the live stream updates the page) until `count` machines are Running. */
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
