import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import { NewClusterPage } from "./pages/new-cluster-page.ts";
import { TeamSettingsPage } from "./pages/team-settings-page.ts";
import { clusterExists } from "./support/admin-kube.ts";
import {
  bindingsNaming,
  cloudSecret,
  deleteBindingsNaming,
  deleteCloudSecret,
  ensureSeedAdminBinding,
} from "./support/team-rbac.ts";

const DAVE = "oidc:dave";

type AuditEvent = {
  action: string;
  outcome: string;
  actor: string;
  targetName: string | null;
  details: unknown;
};

async function auditEvents(page: Page, team: string): Promise<AuditEvent[]> {
  const res = await page.request.get(`/api/teams/${team}/audit?limit=200`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { events: AuditEvent[] }).events;
}

/** Opens the browser's live stream for team-a and tells whether it sent team-a's clusters before `ready`. */
function streamCarriesTeamA(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const ctrl = new AbortController();
    const res = await fetch("/api/stream?kinds=clusters&namespaces=team-a", { signal: ctrl.signal });
    if (!res.ok || !res.body) return false;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes("event: ready")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    ctrl.abort();
    return text.includes("event: snapshot");
  });
}

test.describe("team members and roles", () => {
  test.beforeAll(() => deleteBindingsNaming("team-a", DAVE));
  test.afterAll(() => deleteBindingsNaming("team-a", DAVE));

  test("alice adds dave, downgrades him to viewer, removes him; the API server follows each step", async ({
    asUser,
  }) => {
    test.setTimeout(3 * 60_000);
    const page = await asUser("alice");
    await page.goto("/");
    await page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Settings" }).click();
    const settings = new TeamSettingsPage(page);
    await page.getByRole("heading", { name: "Team settings" }).waitFor();
    // The platform's group mapping is shown beside individual users.
    await expect(settings.row("oidc:team-a-admins")).toContainText("admin");
    await expect(page.getByTestId("cluster-quota")).toHaveText(/^\d+ \/ \d+$/);
    await expect(page.getByTestId("node-quota")).toHaveText(/^\d+ \/ 20$/);

    await settings.add("dave", "member");
    await expect(settings.message).toHaveText("dave was added as member.");
    await expect(settings.users.getByLabel("Role of dave")).toHaveValue("member");
    const [made] = await bindingsNaming("team-a", DAVE);
    expect(made?.roleRef.name).toBe("kaas:team-member");
    expect(made?.metadata.labels?.["app.kubernetes.io/managed-by"]).toBe("kaas-console");

    // dave has no groups: only the RoleBinding alice just made puts him in team-a. His session
    // (from before) carries no teams: each request asks Kubernetes RBAC, so a page load is enough.
    const davePage = await asUser("dave");
    try {
      await davePage.goto("/");
      await expect(davePage).toHaveURL(/\/teams\/team-a\/clusters$/);
      await expect(davePage.getByRole("link", { name: "New cluster" })).toBeVisible();
      await expect(
        davePage.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Settings" }),
      ).toHaveCount(0);
      expect(await streamCarriesTeamA(davePage)).toBe(true);

      await settings.setRole("dave", "viewer");
      await expect(settings.message).toHaveText("dave is now viewer.");
      expect((await bindingsNaming("team-a", DAVE)).map((b) => b.roleRef.name)).toEqual(["kaas:team-viewer"]);

      await davePage.reload();
      await expect(davePage.getByText("your role: viewer")).toBeVisible();
      await expect(davePage.getByRole("link", { name: "New cluster" })).toHaveCount(0);
      const form = new NewClusterPage(davePage);
      await form.goto("team-a");
      const name = `mbr-dave-${Date.now().toString(36)}`;
      await form.fillBasics({ name });
      await form.review();
      await expect(form.formError).toContainText("not allowed");
      expect(await clusterExists("team-a", name)).toBe(false);

      await settings.remove("dave");
      await expect(settings.message).toHaveText("dave was removed from the team.");
      await expect(settings.row(DAVE)).toHaveCount(0);
      expect(await bindingsNaming("team-a", DAVE)).toEqual([]);

      // Pages and handlers ask Kubernetes RBAC (through the hub) on every request: team-a is gone at once.
      const gone = await davePage.goto("/teams/team-a/clusters");
      expect(gone?.status()).toBe(404);
      expect((await davePage.request.get("/api/teams/team-a/clusters")).status()).toBe(404);
      // The live stream re-checks access with SubjectAccessReviews cached for up to 25 s.
      await expect
        .poll(() => streamCarriesTeamA(davePage), { timeout: 45_000, intervals: [5_000] })
        .toBe(false);
    } finally {
      await davePage.context().close();
    }

    const events = (await auditEvents(page, "team-a")).filter((e) => e.targetName === DAVE);
    expect(events.map((e) => `${e.action}:${e.outcome}`).sort()).toEqual([
      "member.add:allowed",
      "member.remove:allowed",
      "member.role:allowed",
    ]);
  });

  test("the last admin group cannot be removed, and a password clouds.yaml is refused", async ({
    asUser,
  }) => {
    const page = await asUser("alice");
    const settings = new TeamSettingsPage(page);
    await settings.goto("team-a");
    try {
      await settings.remove("group team-a-admins");
      await expect(settings.message).toContainText("This is the team's last admin");
      await expect(settings.row("oidc:team-a-admins")).toBeVisible();
      expect(await bindingsNaming("team-a", "oidc:team-a-admins")).toHaveLength(1);
    } finally {
      await ensureSeedAdminBinding("team-a", "team-a-admins");
    }

    const before = await cloudSecret("team-a");
    try {
      const yaml = (auth: string) =>
        `clouds:\n  openstack:\n    auth:\n      auth_url: https://keystone.example.test/v3\n${auth}    region_name: RegionOne\n`;
      await page
        .getByLabel("or paste it")
        .fill(yaml("      username: alice\n      password: mbr-pw-secret\n"));
      await page.getByRole("button", { name: /(Upload|Rotate) credentials/ }).click();
      await expect(page.getByTestId("credentials-error")).toContainText("holds a password");
      // The message names the problem, never the file's content (which stays in the box to fix).
      expect(await page.getByTestId("credentials-error").textContent()).not.toContain("mbr-pw-secret");
      const good = `${yaml("      application_credential_id: mbr-id\n      application_credential_secret: mbr-app-secret\n")}    auth_type: v3applicationcredential\n`;
      await page.getByLabel("or paste it").fill(good);
      await page.getByRole("button", { name: /(Upload|Rotate) credentials/ }).click();
      await expect(page.getByTestId("credentials-done")).toContainText("cloud openstack");
      await expect(page.getByLabel("or paste it")).toHaveValue("");
      await expect(page.getByTestId("credentials-status")).toContainText("by oidc:alice");
      expect(await page.content()).not.toContain("mbr-app-secret");
      const stored = await cloudSecret("team-a");
      expect(stored?.data["clouds.yaml"]).toBe(good);
      expect(stored?.annotations["kaas.scs.community/rotated-by"]).toBe("oidc:alice");
      const audit = (await auditEvents(page, "team-a")).filter((e) => e.action === "credentials.rotate");
      expect(audit.slice(0, 2).map((e) => e.outcome)).toEqual(["allowed", "refused"]);
      expect(JSON.stringify(audit)).not.toContain("mbr-");
    } finally {
      if (!before) await deleteCloudSecret("team-a");
    }
  });
});
