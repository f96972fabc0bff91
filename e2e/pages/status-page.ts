import type { Locator, Page } from "@playwright/test";

/** /status: the status wall. */
export class StatusPage {
  readonly page: Page;
  readonly rows: Locator;
  readonly heading: Locator;
  readonly liveStatus: Locator;
  readonly noTeams: Locator;

  constructor(page: Page) {
    this.page = page;
    this.rows = page.getByTestId("status-row");
    this.heading = page.getByRole("heading", { name: "Status" });
    this.liveStatus = page.getByTestId("live-status");
    this.noTeams = page.getByTestId("status-no-teams");
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/status${query}`);
    await this.heading.waitFor();
  }

  /** The row of one cluster (in a team, when names repeat across teams). */
  row(name: string, team?: string): Locator {
    const sel = `[data-cluster="${name}"]${team ? `[data-team="${team}"]` : ""}`;
    return this.rows.and(this.page.locator(sel));
  }

  /** [team, cluster] of every row shown, in table order. */
  async shown(): Promise<[string, string][]> {
    await this.rows.first().waitFor();
    return this.rows.evaluateAll((rows) =>
      rows.map(
        (r) => [r.getAttribute("data-team") ?? "", r.getAttribute("data-cluster") ?? ""] as [string, string],
      ),
    );
  }

  /** The pager under the table (present when the rows fill more than one page). */
  get pager(): Locator {
    return this.page.getByRole("navigation", { name: "Status wall pages" });
  }

  count(health: "ready" | "progressing" | "failing"): Locator {
    return this.page.getByTestId(`count-${health}`);
  }
}
