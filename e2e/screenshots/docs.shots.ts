import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures.ts";

/** The create form, the cluster page with its grouped timeline and the status wall; light and dark. */
const OUT = join(import.meta.dirname, "..", "..", "docs", "screenshots");
const THEMES = ["light", "dark"] as const;
const LANGUAGES = ["en", "de"] as const;

const SHOTS: { name: string; path: string; ready: (page: Page) => Promise<void> }[] = [
  {
    name: "create-form",
    path: "/teams/team-a/clusters/new",
    ready: (page) => expect(page.locator("#var-controlPlaneFlavor")).toBeVisible(),
  },
  {
    name: "cluster-timeline",
    path: "/teams/team-a/clusters/web-prod",
    ready: async (page) => {
      await expect(page.getByTestId("timeline-steps")).toBeVisible();
      await page.getByTestId("timeline-steps").scrollIntoViewIfNeeded();
    },
  },
  {
    name: "status-wall",
    path: "/status",
    ready: (page) => expect(page.getByTestId("health-counts")).toBeVisible(),
  },
];

for (const language of LANGUAGES) {
  for (const theme of THEMES) {
    test(`screenshots ${language} ${theme}`, async ({ asUser }, info) => {
      for (const shot of SHOTS) {
        const page = await asUser("alice");
        await page.addInitScript((t) => localStorage.setItem("theme", t), theme);
        await page
          .context()
          .addCookies([{ name: "KAAS_LOCALE", value: language, url: info.project.use.baseURL ?? "" }]);
        await page.goto(shot.path);
        await shot.ready(page);
        await page.screenshot({ path: join(OUT, `${shot.name}-${language}-${theme}.png`) });
      }
    });
  }
}
