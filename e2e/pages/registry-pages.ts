import type { Locator, Page } from "@playwright/test";

/** /teams/<team>/registry: the team's repositories. */
export class RepositoriesPage {
  readonly page: Page;
  readonly rows: Locator;
  readonly heading: Locator;

  constructor(page: Page) {
    this.page = page;
    this.rows = page.getByTestId("repository-row");
    this.heading = page.getByRole("heading", { name: "Registry", level: 1 });
  }

  async goto(team: string): Promise<void> {
    await this.page.goto(`/teams/${team}/registry`);
  }

  /** Repository names shown, in table order. */
  async names(): Promise<string[]> {
    await this.rows.first().waitFor();
    return this.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-repository") ?? ""));
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole("searchbox", { name: "Search repositories" }).fill(text);
    await this.page.getByRole("button", { name: "Search" }).click();
    await this.page.waitForURL((url) => url.searchParams.get("q") === text);
  }

  async open(repository: string): Promise<RepositoryTagsPage> {
    await this.page.getByRole("link", { name: repository, exact: true }).click();
    const tags = new RepositoryTagsPage(this.page);
    await tags.heading(repository).waitFor();
    return tags;
  }
}

/** /teams/<team>/registry/<repository>: its tags. */
export class RepositoryTagsPage {
  readonly page: Page;
  readonly rows: Locator;

  constructor(page: Page) {
    this.page = page;
    this.rows = page.getByTestId("tag-row");
  }

  heading(repository: string): Locator {
    return this.page.getByRole("heading", { name: repository, level: 1 });
  }

  async tags(): Promise<string[]> {
    await this.rows.first().waitFor();
    return this.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-tag") ?? ""));
  }

  row(tag: string): Locator {
    return this.page.locator(`[data-testid="tag-row"][data-tag="${tag}"]`);
  }

  async sortByTag(): Promise<void> {
    await this.page.getByRole("columnheader", { name: /Tag/ }).getByRole("link").click();
  }

  async open(tag: string): Promise<TagPage> {
    await this.row(tag).getByRole("link", { name: tag, exact: true }).click();
    const page = new TagPage(this.page);
    await page.summary.waitFor();
    return page;
  }
}

/** /teams/<team>/registry/<repository>/-/<tag>: one manifest. */
export class TagPage {
  readonly page: Page;
  readonly platforms: Locator;
  readonly summary: Locator;

  constructor(page: Page) {
    this.page = page;
    this.platforms = page.getByTestId("platform");
    this.summary = page.getByTestId("manifest-summary");
  }

  /** Each platform section's label, digest and size in bytes. */
  async platformFacts(): Promise<{ platform: string; digest: string; size: number }[]> {
    await this.platforms.first().waitFor();
    return this.platforms.evaluateAll((sections) =>
      sections.map((s) => ({
        platform: s.getAttribute("data-platform") ?? "",
        digest: s.getAttribute("data-digest") ?? "",
        size: Number(s.getAttribute("data-size")),
      })),
    );
  }

  platform(label: string): Locator {
    return this.page.getByRole("region", { name: `Platform ${label}` });
  }

  /** Clicks a copy button and returns what landed on the clipboard. */
  async copy(button: string): Promise<string> {
    await this.page.getByRole("button", { name: button }).click();
    await this.page.getByRole("status").filter({ hasText: "Copied" }).first().waitFor();
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  /** The value cell of a label row in a platform section. */
  label(platform: string, key: string): Locator {
    return this.platform(platform).getByTestId("platform-labels").locator(`tr[data-key="${key}"] td`).nth(1);
  }
}
