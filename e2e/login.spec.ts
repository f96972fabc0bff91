import { expect, storageStateOf, test } from "./fixtures.ts";
import { ClustersPage } from "./pages/clusters-page.ts";
import { LoginPage } from "./pages/login-page.ts";

test.describe("signing in with the company OIDC account", () => {
  test("alice lands on team-a and sees its clusters, not team-b's", async ({ page }) => {
    await new LoginPage(page).signIn("alice");
    await expect(page).toHaveURL(/\/teams\/team-a\/clusters$/);
    const clusters = new ClustersPage(page);
    await expect(clusters.heading).toBeVisible();
    expect(await clusters.names()).toEqual(["ci-runners", "web-prod"]);
    await expect(page.getByText("your role: admin")).toBeVisible();
    await expect(page.getByRole("combobox", { name: "Team" }).getByRole("option")).toHaveText([
      "Team A (admin)",
    ]);
    await expect(page.getByText("analytics")).toHaveCount(0);

    // Sorting and filtering work on the client.
    await clusters.sortBy("Name");
    expect(await clusters.names()).toEqual(["web-prod", "ci-runners"]);
    await clusters.filter("web");
    expect(await clusters.names()).toEqual(["web-prod"]);

    // A team she is not in is not found, whatever the URL says.
    const res = await page.goto("/teams/team-b/clusters");
    expect(res?.status()).toBe(404);
  });

  test("bob sees team-a as a member", async ({ page }) => {
    await new LoginPage(page).signIn("bob");
    await expect(page).toHaveURL(/\/teams\/team-a\/clusters$/);
    await expect(page.getByText("your role: member")).toBeVisible();
    expect(await new ClustersPage(page).names()).toEqual(["ci-runners", "web-prod"]);
  });

  test("carol sees only team-b", async ({ page }) => {
    await new LoginPage(page).signIn("carol");
    await expect(page).toHaveURL(/\/teams\/team-b\/clusters$/);
    expect(await new ClustersPage(page).names()).toEqual(["analytics"]);
    await expect(page.getByRole("combobox", { name: "Team" }).getByRole("option")).toHaveText([
      "Team B (admin)",
    ]);
  });

  test("the platform admin, in no team, lands on the status wall of every team's clusters", async ({
    page,
  }) => {
    await new LoginPage(page).signIn("admin");
    await expect(page).toHaveURL(/\/status$/);
    await expect(page.getByTestId("status-table")).toBeVisible();
  });

  test("dave, in no team, gets a page that says so and whom to ask", async ({ page }) => {
    await new LoginPage(page).signIn("dave");
    await expect(page).toHaveURL(/\/no-team$/);
    await expect(page.getByRole("heading", { name: "You are not in a team yet" })).toBeVisible();
    await expect(page.getByText(/Ask your team's admin/)).toBeVisible();
  });

  test("signing out ends the session here and at the IdP, and back does not show data", async ({
    page,
    context,
  }) => {
    await new LoginPage(page).signIn("alice");
    await expect(page.getByTestId("cluster-row").first()).toBeVisible();
    const cookiesBefore = await context.cookies();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goBack();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByTestId("cluster-row")).toHaveCount(0);

    // The old cookie is dead on the server too: replaying it does not get data.
    const fresh = await context.browser()?.newContext({ baseURL: test.info().project.use.baseURL });
    if (!fresh) throw new Error("no browser");
    await fresh.addCookies(cookiesBefore);
    const replay = await fresh.request.get("/api/teams/team-a/clusters", { maxRedirects: 0 });
    expect(replay.status()).toBe(401);
    await fresh.close();

    // Signed out at the IdP too (RP-initiated logout): signing in again asks for the password.
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByLabel("Password")).toBeVisible();
  });

  test("a platform admin signs a user out everywhere: her open pages lose access at once, audited", async ({
    page,
    asUser,
    browser,
  }) => {
    // Erin signs in on her own (two devices), so the end of her sessions is what this test sees.
    await new LoginPage(page).signIn("erin");
    await expect(page.getByTestId("cluster-row").first()).toBeVisible();
    const second = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const secondPage = await second.newPage();
    await new LoginPage(secondPage).signIn("erin");

    const admin = await asUser("admin");
    await admin.goto("/admin");
    await admin.getByLabel("Username").fill("erin");
    await admin.getByRole("button", { name: "End sessions" }).click();
    await expect(admin.getByTestId("end-sessions-status")).toHaveText(
      /Ended \d+ console sessions? of erin\./,
    );

    for (const p of [page, secondPage]) {
      await p.reload();
      await expect(p).toHaveURL(/\/login/);
      // The sign-in page says why, rather than looking like an expired cookie.
      await expect(p.getByTestId("session-ended")).toHaveText(
        "A platform admin ended your sessions. Sign in again.",
      );
    }
    const res = await page.request.get("/api/teams/team-a/clusters", { maxRedirects: 0 });
    expect(res.status()).toBe(401);
    const audit = await admin.request.get("/api/admin/audit.csv?action=user.sessions.end");
    expect(await audit.text()).toMatch(/user\.sessions\.end,User,erin,allowed/);

    // Erin can sign in again: her session at the IdP was not the console's to end, so the IdP
    // lets her straight through. Her shared session file is renewed for any spec after this one.
    await secondPage.getByRole("button", { name: "Sign in" }).click();
    await expect(secondPage).toHaveURL(/\/teams\/team-a\/clusters$/);
    await expect(secondPage.getByTestId("cluster-row").first()).toBeVisible();
    await second.storageState({ path: storageStateOf("erin") });
    await second.close();
  });
});
