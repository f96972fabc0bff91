import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import type { DemoUserName } from "./pages/login-page.ts";

/**
 * axe-core (WCAG 2.1 A and AA rules) on every page, as the users who see it, in English and German,
 * in the light and the dark theme: no serious or critical violation anywhere. Prints a table of
 * pages × language × theme → violations by impact (nodes), so the report is the run's output.
 */

type Theme = "light" | "dark";
type Language = "en" | "de";
type View = { page: string; user: DemoUserName | null; path: string | ((page: Page) => Promise<string>) };

const TEAM = "team-a";
const CLUSTER = "web-prod";

/** The first repository in team A's registry, found as a user would: by following the list. */
async function firstRepository(page: Page): Promise<string> {
  await page.goto(`/teams/${TEAM}/registry`);
  const link = page.getByTestId("repository-row").first().getByRole("link").first();
  await expect(link).toBeVisible();
  return (await link.getAttribute("href")) ?? `/teams/${TEAM}/registry`;
}

const VIEWS: View[] = [
  { page: "login", user: null, path: "/login" },
  { page: "no team", user: "dave", path: "/no-team" },
  { page: "clusters", user: "alice", path: `/teams/${TEAM}/clusters` },
  { page: "cluster", user: "alice", path: `/teams/${TEAM}/clusters/${CLUSTER}` },
  { page: "new cluster", user: "alice", path: `/teams/${TEAM}/clusters/new` },
  { page: "settings", user: "alice", path: `/teams/${TEAM}/settings` },
  { page: "API tokens", user: "alice", path: `/teams/${TEAM}/settings/tokens` },
  { page: "audit", user: "alice", path: `/teams/${TEAM}/audit` },
  { page: "registry", user: "alice", path: `/teams/${TEAM}/registry` },
  { page: "repository", user: "alice", path: firstRepository },
  { page: "status wall", user: "bob", path: "/status" },
  { page: "admin teams", user: "admin", path: "/admin" },
  { page: "admin team", user: "admin", path: `/admin/teams/${TEAM}` },
  { page: "admin audit", user: "admin", path: "/admin/audit" },
  { page: "admin registry", user: "admin", path: "/admin/registry" },
  { page: "status wall (all)", user: "admin", path: "/status" },
];

const IMPACTS = ["critical", "serious", "moderate", "minor"] as const;
type Counts = Record<(typeof IMPACTS)[number], number>;
type Finding = { page: string; theme: Theme; language: Language; counts: Counts; serious: string[] };

const findings: Finding[] = [];

function report(rows: Finding[]): string {
  const head = `| page | language | theme | ${IMPACTS.join(" | ")} |`;
  const rule = `|---|---|---|${IMPACTS.map(() => "---:").join("|")}|`;
  const lines = rows.map(
    (r) => `| ${r.page} | ${r.language} | ${r.theme} | ${IMPACTS.map((i) => r.counts[i]).join(" | ")} |`,
  );
  return [head, rule, ...lines].join("\n");
}

for (const language of ["en", "de"] as Language[])
  for (const theme of ["light", "dark"] as Theme[]) {
    test(`axe finds no serious or critical violation on any page, ${language}, ${theme} theme`, async ({
      asUser,
      browser,
    }, info) => {
      test.setTimeout(5 * 60_000);
      // One page per user, reused across that user's views (a page per view costs seconds each).
      const pages = new Map<DemoUserName | null, Page>();
      for (const view of VIEWS) {
        let page = pages.get(view.user);
        if (!page) {
          page = view.user ? await asUser(view.user) : await (await browser.newContext()).newPage();
          // The theme the user chose, as public/theme-init.js reads it before the first paint, and
          // the language they chose (the cookie the language switcher sets).
          await page.addInitScript((t) => localStorage.setItem("theme", t), theme);
          await page.context().addCookies([
            {
              name: "KAAS_LOCALE",
              value: language,
              url: info.project.use.baseURL ?? "http://localhost:3100",
            },
          ]);
          pages.set(view.user, page);
        }
        const path = typeof view.path === "string" ? view.path : await view.path(page);
        await page.goto(path);
        await expect(page.locator("h1").first()).toBeVisible();
        if (theme === "dark") await expect(page.locator("html")).toHaveClass(/dark/);
        await expect(page.locator("html")).toHaveAttribute("lang", language);
        if (view.page === "cluster") await expect(page.getByTestId("timeline-steps")).toBeVisible();
        const result = await new AxeBuilder({ page })
          .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
          .analyze();
        const counts: Counts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
        const serious: string[] = [];
        for (const v of result.violations) {
          const impact = (v.impact ?? "minor") as keyof Counts;
          counts[impact] += v.nodes.length;
          if (impact === "serious" || impact === "critical") {
            for (const n of v.nodes.slice(0, 3))
              serious.push(`${v.id}: ${n.target.join(" ")} ${n.failureSummary ?? ""}`);
          }
        }
        findings.push({ page: view.page, theme, language, counts, serious });
      }
      await pages.get(null)?.context().close();
      const mine = findings.filter((f) => f.theme === theme && f.language === language);
      console.log(
        `\naxe (WCAG 2.1 A/AA), ${language}, ${theme} theme, violations by impact (nodes):\n${report(mine)}\n`,
      );
      const failing = mine.filter((f) => f.counts.serious + f.counts.critical > 0);
      expect(
        failing.map((f) => `${f.page}: ${f.serious.join("\n  ")}`),
        "serious or critical violations",
      ).toEqual([]);
    });
  }
