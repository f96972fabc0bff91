import { adminCredentials } from "../dev/plane/control.ts";
import { apply, kubeRequest } from "../dev/plane/kube.ts";
import { expect, test } from "./fixtures.ts";
import { AdminPages } from "./pages/admin-pages.ts";

/** Admin forms' refusals land where the admin looks, in words they can act on; nothing is written. */
test.describe("platform admin forms", () => {
  test("a taken namespace and an empty registry URL are refused on their fields", async ({ asUser }) => {
    const taken = `rv-taken-${Math.random().toString(36).slice(2, 7)}`;
    // A namespace that belongs to no team (as cso-system or capi-system would).
    await apply(adminCredentials(), { apiVersion: "v1", kind: "Namespace", metadata: { name: taken } });
    try {
      const page = await asUser("admin");
      const admin = new AdminPages(page);
      await admin.gotoTeams();
      const create = page.getByRole("form", { name: "Create a team" });
      await create.getByLabel("Team slug").fill(taken);
      await create.getByLabel("Display name").fill("Taken");
      await create.getByRole("button", { name: "Create team" }).click();
      await expect(page.getByTestId("create-team-error")).toContainText(
        `The namespace ${taken} exists already`,
      );
      await expect(
        create.getByRole("alert").filter({ hasText: "A namespace of this name exists" }),
      ).toBeVisible();
      await expect(admin.teamRow(taken)).toHaveCount(0);
      const ns = await kubeRequest(adminCredentials(), "GET", `/api/v1/namespaces/${taken}`);
      expect(
        (ns.body as { metadata: { labels?: Record<string, string> } }).metadata.labels,
      ).not.toHaveProperty("kaas.scs.community/team");

      await admin.gotoTeam("team-a");
      const registry = page.getByRole("form", { name: "Registry connection" });
      await registry.getByLabel("Registry URL").fill("");
      await registry.getByRole("button", { name: "Save registry connection" }).click();
      await expect(registry.getByRole("alert")).toHaveText("Enter the registry URL");
    } finally {
      await kubeRequest(adminCredentials(), "DELETE", `/api/v1/namespaces/${taken}`);
    }
  });
});
