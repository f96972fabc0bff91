import type { Locator } from "@playwright/test";
import { loadHarborDocument } from "../tests/harbor/document.ts";
import { harborFixture } from "../tests/harbor/fixture.ts";
import { type HarborTestServer, startHarborTestServer } from "../tests/harbor/server.ts";
import { expect, test } from "./fixtures.ts";
import { AdminPages } from "./pages/admin-pages.ts";
import { RepositoriesPage, RepositoryTagsPage } from "./pages/registry-pages.ts";

/**
 * The Harbor pages against the tests' loopback server (tests/harbor/server.ts): no Harbor can run
 * here, so every answer is generated from Harbor's own API document (tests/harbor/swagger.yaml) and
 * every request the console makes is checked against it. The schema is Harbor's; the server is ours.
 */
const TEAM = "team-h";
const ROBOT = { username: `robot$${TEAM}+console`, password: "harbor-e2e-robot" };

let harbor: HarborTestServer;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  const doc = loadHarborDocument();
  harbor = await startHarborTestServer({
    doc,
    credentials: ROBOT,
    data: harborFixture(doc, {
      project: TEAM,
      robot: {
        name: ROBOT.username,
        permissions: [
          {
            kind: "project",
            namespace: TEAM,
            access: [
              { resource: "repository", action: "pull" },
              { resource: "repository", action: "push" },
            ],
          },
          { kind: "project", namespace: "team-b", access: [{ resource: "repository", action: "pull" }] },
        ],
      },
    }),
  });
});

test.afterAll(async () => {
  await harbor?.close();
});

/** Archives team-h if a crashed run left it active in this database. */
async function archiveIfThere(admin: AdminPages): Promise<void> {
  await admin.gotoTeams();
  if ((await admin.teamRow(TEAM).count()) === 0) return;
  await admin.gotoTeam(TEAM);
  await admin.archive(TEAM);
  await admin.page.waitForURL("**/admin");
}

function scanOf(row: Locator) {
  return row.getByTestId("scan-summary");
}

test("a platform admin connects team-h to Harbor and is told its robot can push and reaches team-b", async ({
  asUser,
}) => {
  test.setTimeout(4 * 60_000);
  const page = await asUser("admin");
  const admin = new AdminPages(page);
  await archiveIfThere(admin);
  await admin.gotoTeams();
  await admin.createTeam({
    slug: TEAM,
    displayName: "Team Harbor",
    maxClusters: 1,
    adminGroups: "team-a-admins",
  });

  const form = page.getByRole("form", { name: "Registry connection" });
  await form.getByLabel("Registry type").selectOption("harbor");
  await form.getByLabel("Registry URL").fill(harbor.url);
  await form.getByLabel("Harbor project").fill(TEAM);
  await form.getByLabel("Username").fill(ROBOT.username);
  await form.getByLabel("Password or robot secret").fill(ROBOT.password);
  await form.getByLabel(/Allow plain http/).check();
  await form.getByRole("button", { name: "Save registry connection" }).click();

  const warnings = form.getByRole("note", { name: "Robot account warnings" });
  await expect(warnings.getByRole("listitem")).toHaveText([
    `The account can push images in ${TEAM}: the console only needs to pull and read.`,
    `The account reaches other projects than ${TEAM}: team-b. Give the team an account of its own project only.`,
  ]);
});

test("alice sees each repository's newest scan in words, sorts by last push and filters critical or high", async ({
  asUser,
}) => {
  const page = await asUser("alice");
  const repos = new RepositoriesPage(page);
  await repos.goto(TEAM);
  expect(await repos.names()).toEqual([`${TEAM}/api`, `${TEAM}/tools/cli`, `${TEAM}/web`]);
  const row = (name: string) => repos.rows.and(page.locator(`[data-repository="${name}"]`));
  await expect(scanOf(row(`${TEAM}/api`))).toHaveText("◔ Scan running (40%)");
  await expect(scanOf(row(`${TEAM}/tools/cli`))).toHaveText("○ Not scanned");
  await expect(scanOf(row(`${TEAM}/web`))).toContainText("High");
  await expect(row(`${TEAM}/web`).getByTestId("scan-counts")).toHaveText("2 high, 1 medium (3 in all)");

  await page
    .getByRole("columnheader", { name: /Last push/ })
    .getByRole("link")
    .click();
  await expect(page).toHaveURL(/sort=-pushed/);
  await expect(page.getByRole("columnheader", { name: /Last push/ })).toHaveAttribute(
    "aria-sort",
    "descending",
  );
  expect(await repos.names()).toEqual([`${TEAM}/api`, `${TEAM}/web`, `${TEAM}/tools/cli`]);

  await page
    .getByRole("navigation", { name: "Vulnerability filter" })
    .getByRole("link", { name: "Critical or high" })
    .click();
  await expect(page).toHaveURL(/severity=high/);
  await expect.poll(() => repos.names()).toEqual([`${TEAM}/web`]);
  await expect(page.getByTestId("severity-examined")).toHaveText(
    "Filtered by the console from the 3 in this order.",
  );
});

test("alice sorts tags by push and pull time, reads exact times on focus and keeps only critical or high", async ({
  asUser,
}) => {
  const page = await asUser("alice");
  await page.goto(`/teams/${TEAM}/registry/${TEAM}/api`);
  const tags = new RepositoryTagsPage(page);
  await expect(tags.heading(`${TEAM}/api`)).toBeVisible();
  expect(await tags.tags()).toEqual(["2.1.0-rc1", "2.0.0", "1.0.0", "0.9.0"]);
  await expect(scanOf(tags.row("2.1.0-rc1"))).toHaveAttribute("data-state", "running");
  await expect(scanOf(tags.row("2.0.0")).getByTestId("scan-worst")).toHaveText("◆◆ Critical");
  await expect(scanOf(tags.row("2.0.0")).getByTestId("scan-counts")).toHaveText(
    "1 critical, 3 high, 5 medium, 2 low (11 in all)",
  );
  await expect(scanOf(tags.row("2.0.0")).getByTestId("scan-fixable")).toHaveText("7 fixable");
  await expect(scanOf(tags.row("1.0.0"))).toHaveText("✓ No vulnerabilities found");
  await expect(scanOf(tags.row("0.9.0"))).toHaveText("○ Not scanned");
  await expect(tags.row("2.1.0-rc1").getByRole("cell").nth(5)).toHaveText("never");

  // The relative time is the text; the exact time (locale-formatted, UTC) shows on keyboard focus,
  // and is the title for hover.
  const pushed = tags.row("2.0.0").getByTestId("tag-pushed");
  await expect(pushed).toHaveText(/^2 hours ago/);
  const exact = await pushed.getAttribute("title");
  expect(exact).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d [AP]M UTC$/);
  await pushed.focus();
  await expect(pushed.getByText(exact ?? "", { exact: true }).first()).toBeVisible();

  await page
    .getByRole("columnheader", { name: /Pulled/ })
    .getByRole("link")
    .click();
  await expect(page).toHaveURL(/sort=-pulled/);
  await expect.poll(() => tags.tags()).toEqual(["2.0.0", "1.0.0", "0.9.0", "2.1.0-rc1"]);

  await page
    .getByRole("navigation", { name: "Vulnerability filter" })
    .getByRole("link", { name: "Critical or high" })
    .click();
  await expect(page).toHaveURL(/severity=high/);
  await expect.poll(() => tags.tags()).toEqual(["2.0.0"]);
});

test("the tag page shows the scan: severity, counts, fixable, when and by which scanner", async ({
  asUser,
}) => {
  const page = await asUser("alice");
  await page.goto(`/teams/${TEAM}/registry/${TEAM}/api/-/2.0.0`);
  const summary = page.getByTestId("manifest-summary");
  await expect(summary.getByTestId("scan-worst")).toHaveText("◆◆ Critical");
  await expect(summary.getByTestId("scan-fixable")).toHaveText("7 fixable");
  await expect(summary.getByTestId("scan-when")).toHaveText(
    /^Scanned (now|\d+ (seconds?|minutes?|hours?) ago).* by Trivy v0\.50\.1$/,
  );
  await expect(summary.getByTestId("manifest-pulled")).toHaveText(/^(now|\d+ (seconds?|minutes?) ago)/);
  await expect(page.getByTestId("platform")).toHaveAttribute("data-platform", "linux/amd64");
});

test("the platform admin sees every team's scans side by side and filters critical or high", async ({
  asUser,
}) => {
  const page = await asUser("admin");
  await page.goto("/admin");
  await page
    .getByRole("navigation", { name: "Platform admin" })
    .getByRole("link", { name: "Registries" })
    .click();
  await expect(page.getByRole("heading", { name: "Registries", level: 1 })).toBeVisible();
  const team = page.locator(`[data-testid="registry-overview-team"][data-team="${TEAM}"]`);
  // Team, Registry, Repositories, Critical or high, Not scanned, Scan running.
  await expect(team.getByRole("cell")).toContainText(["team-h", "Harbor", "3", "1", "1", "1"]);
  await expect(page.locator('[data-testid="registry-overview-team"][data-team="team-a"]')).toContainText(
    "OCI registry (no scans)",
  );
  await page
    .getByRole("navigation", { name: "Vulnerability filter" })
    .getByRole("link", { name: "Critical or high" })
    .click();
  await expect(page).toHaveURL(/severity=high/);
  await expect(page.getByTestId("registry-overview-row")).toHaveCount(1);
  await expect(page.getByTestId("registry-overview-row")).toHaveAttribute("data-repository", `${TEAM}/web`);
});

test("every request the console made is one Harbor's document describes; team-h is archived", async ({
  asUser,
}) => {
  test.setTimeout(3 * 60_000);
  expect(harbor.checks.length).toBeGreaterThan(10);
  expect(harbor.checks.flatMap((c) => c.problems)).toEqual([]);
  const admin = new AdminPages(await asUser("admin"));
  await archiveIfThere(admin);
});
