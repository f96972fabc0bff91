import { expect, test } from "./fixtures.ts";
import { AdminPages } from "./pages/admin-pages.ts";
import { ClusterPage } from "./pages/cluster-page.ts";
import { TeamSettingsPage } from "./pages/team-settings-page.ts";
import { clusterExists, deleteClusterIfExists, getClusterObject } from "./support/admin-kube.ts";
import { arrowToOption, expectFocusInside, expectFocusVisible, tabTo } from "./support/keyboard.ts";
import { bindingsNaming, deleteBindingsNaming } from "./support/team-rbac.ts";

/**
 * The main flows with the keyboard only (Tab, Shift+Tab, Enter, Space, Escape, arrows; navigation
 * by URL where a person would type it): create, scale, upgrade and delete a cluster; add and remove
 * a member; create and archive a team. Focus is visible at every stop and stays in dialogs. It
 * checks what each change asked Cluster API for, not that machines come up (the lifecycle spec
 * waits for those).
 */

const suffix = () => Math.random().toString(36).slice(2, 7);

test.describe("keyboard only", () => {
  test("alice creates, scales, upgrades and deletes a cluster without a mouse", async ({ asUser }) => {
    test.setTimeout(5 * 60_000);
    const name = `kbd-${suffix()}`;
    const page = await asUser("alice");
    const kb = page.keyboard;
    try {
      await page.goto("/teams/team-a/clusters");
      await tabTo(page, page.getByRole("link", { name: "New cluster" }));
      await kb.press("Enter");
      await expect(page.getByRole("heading", { name: "New cluster" })).toBeVisible();

      const classSelect = page.getByLabel("Cluster class");
      await tabTo(page, classSelect);
      await arrowToOption(page, classSelect, "inmemory-scs-1-35-v1");
      await tabTo(page, page.getByLabel("Cluster name"));
      await kb.type(name);
      await tabTo(page, page.getByRole("button", { name: "Review", exact: true }));
      await kb.press("Enter");
      await expect(page.getByTestId("cluster-yaml")).toContainText(`name: ${name}`);
      await tabTo(page, page.getByRole("button", { name: "Create cluster" }));
      await kb.press("Enter");
      await expect(page).toHaveURL(new RegExp(`/teams/team-a/clusters/${name}$`));

      // While it comes up, Cluster API writes the Cluster many times a second and a change is
      // refused as conflicting (as it should be); the 1 + 1 machines are ready in about a minute.
      await expect(page.getByTestId("cluster-verdict")).toHaveAttribute("data-ready", "true", {
        timeout: 3 * 60_000,
      });

      // Scale: the reviewed change opens in a dialog that keeps the focus until it is closed.
      const cluster = new ClusterPage(page);
      const replicas = cluster.scalePool(0).getByLabel("Replicas");
      const before = Number(await replicas.inputValue());
      await tabTo(page, replicas);
      await kb.press("ControlOrMeta+a");
      await kb.type(String(before + 1));
      const reviewButton = page.getByRole("button", { name: "Review change" });
      await tabTo(page, reviewButton);
      await kb.press("Enter");
      const dialog = page.getByRole("dialog", { name: "Review change" });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByTestId("change-diff")).toContainText(`replicas: ${before + 1}`);
      await expectFocusInside(dialog);
      for (let i = 0; i < 6; i++) {
        await kb.press("Tab");
        await expectFocusInside(dialog);
        await expectFocusVisible(page);
      }
      for (let i = 0; i < 4; i++) {
        await kb.press("Shift+Tab");
        await expectFocusInside(dialog);
      }
      // Escape closes it without applying, and the focus is back on the button that opened it.
      await kb.press("Escape");
      await expect(dialog).toBeHidden();
      await expect(reviewButton).toBeFocused();
      await kb.press("Enter");
      await expect(dialog).toBeVisible();
      await tabTo(page, dialog.getByRole("button", { name: "Apply change" }));
      await kb.press("Enter");
      await expect(page.getByTestId("scale-status")).toContainText("Applied");
      await expect(dialog).toBeHidden();
      await expect(reviewButton).toBeFocused();
      const scaled = (await getClusterObject("team-a", name)) as {
        spec: { topology: { version: string; workers: { machineDeployments: { replicas: number }[] } } };
      };
      expect(scaled.spec.topology.workers.machineDeployments[0]?.replicas).toBe(before + 1);
      // The upgrade panel was loaded before the scale: reload so it starts from the scaled
      // cluster (a review on the old state is refused as stale, as the refusal tells the user).
      await page.reload();

      // Upgrade to the first offered target.
      const target = page.getByLabel("Upgrade to");
      await tabTo(page, target);
      const label = (await target.locator("option:checked").textContent()) ?? "";
      await tabTo(page, page.getByRole("button", { name: "Review upgrade" }));
      await kb.press("Enter");
      const upgrade = page.getByRole("dialog", { name: "Review upgrade" });
      await expect(upgrade).toBeVisible();
      await tabTo(page, upgrade.getByRole("button", { name: /^Upgrade to v/ }));
      const version = ((await upgrade.getByRole("button", { name: /^Upgrade to v/ }).textContent()) ?? "")
        .replace(/^Upgrade to /, "")
        .trim();
      expect(label).toContain(version);
      await kb.press("Enter");
      await expect(page.getByTestId("cluster-version")).toHaveText(version, { timeout: 60_000 });

      // Delete after typing the name.
      await tabTo(page, page.getByLabel("Type the cluster name to confirm"));
      await kb.type(name);
      await tabTo(page, page.getByRole("button", { name: "Delete this cluster" }));
      await kb.press("Enter");
      await expect(page).toHaveURL(/\/teams\/team-a\/clusters$/);
      await expect.poll(() => clusterExists("team-a", name), { timeout: 60_000 }).toBe(false);
    } finally {
      await deleteClusterIfExists("team-a", name);
    }
  });

  test("alice adds a user as a viewer and removes them with the keyboard", async ({ asUser }) => {
    test.setTimeout(2 * 60_000);
    await deleteBindingsNaming("team-a", "oidc:kbd-user");
    const page = await asUser("alice");
    const kb = page.keyboard;
    const settings = new TeamSettingsPage(page);
    try {
      await settings.goto("team-a");
      await tabTo(page, page.getByLabel("Username or email", { exact: true }));
      await kb.type("kbd-user");
      const role = page.getByLabel("Role", { exact: true });
      await tabTo(page, role);
      await arrowToOption(page, role, "viewer");
      await tabTo(page, page.getByRole("button", { name: "Add member" }));
      await kb.press("Enter");
      await expect(settings.message).toHaveText("kbd-user was added as viewer.");

      // Arrowing through a closed role select only chooses (WCAG 3.2.2): nothing changes until Save,
      // Escape takes the choice back, and Save applies the one chosen.
      const rowRole = settings.users.getByLabel("Role of kbd-user", { exact: true });
      await tabTo(page, rowRole);
      await arrowToOption(page, rowRole, "member");
      await arrowToOption(page, rowRole, "admin");
      const save = page.getByRole("button", { name: "Save role for kbd-user", exact: true });
      await expect(save).toBeVisible();
      expect((await bindingsNaming("team-a", "oidc:kbd-user")).map((b) => b.roleRef.name)).toEqual([
        "kaas:team-viewer",
      ]);
      await kb.press("Escape");
      await expect(rowRole).toHaveValue("viewer");
      await expect(rowRole).toBeFocused();
      await expect(save).toHaveCount(0);
      await arrowToOption(page, rowRole, "member");
      await tabTo(page, save);
      await kb.press("Enter");
      await expect(settings.message).toHaveText("kbd-user is now member.");
      await expect(rowRole).toBeFocused();
      expect((await bindingsNaming("team-a", "oidc:kbd-user")).map((b) => b.roleRef.name)).toEqual([
        "kaas:team-member",
      ]);

      // Remove asks first; the focus moves to the question and back when it is cancelled.
      const remove = page.getByRole("button", { name: "Remove kbd-user", exact: true });
      await tabTo(page, remove);
      await kb.press("Enter");
      const yes = page.getByRole("button", { name: "Yes, remove" });
      await expect(yes).toBeFocused();
      await kb.press("Escape");
      await expect(remove).toBeFocused();
      await kb.press("Space");
      await expect(yes).toBeFocused();
      await kb.press("Enter");
      await expect(settings.message).toHaveText("kbd-user was removed from the team.");
    } finally {
      await deleteBindingsNaming("team-a", "oidc:kbd-user");
    }
  });

  test("the platform admin creates a team and archives it with the keyboard", async ({ asUser }) => {
    test.setTimeout(2 * 60_000);
    const slug = "team-kbd";
    const page = await asUser("admin");
    const kb = page.keyboard;
    const admin = new AdminPages(page);
    // A crashed run may have left it active in this database (setup, not part of the flow).
    await admin.gotoTeams();
    if ((await admin.teamRow(slug).count()) > 0) {
      await admin.gotoTeam(slug);
      await admin.archive(slug);
      await page.waitForURL("**/admin");
    }

    await admin.gotoTeams();
    const form = page.getByRole("form", { name: "Create a team" });
    await tabTo(page, form.getByLabel("Team slug"));
    await kb.type(slug);
    await tabTo(page, form.getByLabel("Display name"));
    await kb.type("Keyboard team");
    await tabTo(page, form.getByLabel("Cluster quota"));
    await kb.press("ControlOrMeta+a");
    await kb.type("1");
    await tabTo(page, form.getByRole("button", { name: "Create team" }));
    await kb.press("Enter");
    // A new team opens on its own admin page.
    await expect(page).toHaveURL(new RegExp(`/admin/teams/${slug}$`), { timeout: 30_000 });
    await expect(page.getByRole("heading", { name: "Quotas" })).toBeVisible();
    await tabTo(page, page.getByLabel("Type the team slug to confirm"));
    await kb.type(slug);
    await tabTo(page, page.getByRole("button", { name: "Archive this team" }));
    await kb.press("Enter");
    await page.waitForURL("**/admin");
    await expect(admin.teamRow(slug)).toHaveCount(0);
  });
});
