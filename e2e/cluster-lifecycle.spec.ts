import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import { ClusterPage } from "./pages/cluster-page.ts";
import { NewClusterPage } from "./pages/new-cluster-page.ts";
import {
  clusterExists,
  clusterNames,
  deleteClusterIfExists,
  getClusterObject,
  setClusterQuota,
} from "./support/admin-kube.ts";

const suffix = () => Math.random().toString(36).slice(2, 7);

type AuditEvent = { action: string; targetName: string | null; outcome: string; actor: string };

/** The team's audit log as the signed-in user reads it. */
async function auditEvents(page: Page, team: string): Promise<AuditEvent[]> {
  const res = await page.request.get(`/api/teams/${team}/audit?limit=200`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { events: AuditEvent[] }).events;
}

test.describe("cluster lifecycle", () => {
  // What the database adds here (the audit rows) is the audit specs' to check on both databases;
  // the two minutes of Kubernetes lifecycle need no second run.
  test("alice creates a cluster with 3 control planes and two pools, scales, upgrades and deletes it", {
    tag: "@database-independent",
  }, async ({ asUser }) => {
    test.setTimeout(12 * 60_000);
    const name = `e2e-${suffix()}`;
    const page = await asUser("alice");
    try {
      const form = new NewClusterPage(page);
      await form.goto("team-a");
      await form.fillBasics({ name, className: "inmemory-scs-1-35-v1", controlPlanes: 3 });
      await form.setPool(0, { name: "md-0", replicas: 2 });
      await form.addPool();
      await form.setPool(1, { name: "batch", workerClass: "highmem-worker", replicas: 1 });
      await page.getByLabel("Worker flavor").selectOption({ label: "SCS-2V-8" });
      await page.getByLabel("Worker root disk").fill("80");
      await form.review();

      // The preview is what the API server accepted in a dry run; nothing exists yet.
      await expect(form.yaml).toContainText(`name: ${name}`);
      await expect(form.yaml).toContainText("value: SCS-2V-8");
      await expect(form.yaml).toContainText("replicas: 3");
      expect(await clusterExists("team-a", name)).toBe(false);
      await expect(page.getByText(`kubectl apply --server-side -n team-a -f ${name}.yaml`)).toBeVisible();

      await form.create();
      await expect(page).toHaveURL(new RegExp(`/teams/team-a/clusters/${name}$`));
      const cluster = new ClusterPage(page);
      // 3 control plane machines + 2 + 1 workers, provisioned by the real Cluster API controllers.
      await cluster.expectRunningMachines(6, 6 * 60_000);
      await expect(page.getByTestId("cluster-phase")).toHaveText("Provisioned");
      const obj = (await getClusterObject("team-a", name)) as {
        spec: { topology: { variables: { name: string; value: unknown }[] } };
      };
      expect(obj.spec.topology.variables).toEqual(
        expect.arrayContaining([
          { name: "workerFlavor", value: "SCS-2V-8" },
          { name: "workerRootDisk", value: 80 },
        ]),
      );

      // Scale md-0 from 2 to 4.
      await cluster.scalePool(0).getByLabel("Replicas").fill("4");
      await cluster.reviewAndApplyScale();
      await cluster.expectRunningMachines(8, 3 * 60_000);

      // Upgrade to the next release of the stack; machines roll to the new version.
      await page.getByLabel("Upgrade to").selectOption({ index: 0 });
      await page.getByRole("button", { name: "Review upgrade" }).click();
      await expect(page.getByTestId("change-diff")).toContainText("v1.35.5");
      await page.getByRole("button", { name: /^Upgrade to v1\.35\.5/ }).click();
      await expect(page.getByTestId("cluster-version")).toHaveText("v1.35.5", { timeout: 60_000 });
      await expect(page.getByRole("cell", { name: "v1.35.5" }).first()).toBeVisible({ timeout: 3 * 60_000 });

      // Delete after typing the name.
      await expect(page.getByRole("button", { name: "Delete this cluster" })).toBeDisabled();
      await page.getByLabel("Type the cluster name to confirm").fill(name);
      await page.getByRole("button", { name: "Delete this cluster" }).click();
      await expect(page).toHaveURL(/\/teams\/team-a\/clusters$/);
      await expect
        .poll(() => clusterExists("team-a", name), { timeout: 3 * 60_000, intervals: [1000] })
        .toBe(false);

      const events = (await auditEvents(page, "team-a")).filter((e) => e.targetName === name);
      expect(events.map((e) => `${e.action}:${e.outcome}`).sort()).toEqual(
        [
          "cluster.create:allowed",
          "cluster.delete:allowed",
          "cluster.scale:allowed",
          "cluster.upgrade:allowed",
        ].sort(),
      );
      expect(events.every((e) => e.actor === "oidc:alice")).toBe(true);
    } finally {
      await deleteClusterIfExists("team-a", name);
    }
  });

  test("bad input shows its error on the field and creates nothing", async ({ asUser }) => {
    const page = await asUser("alice");
    const form = new NewClusterPage(page);
    const before = await clusterNames("team-a");

    await form.goto("team-a");
    await form.fillBasics({ name: "Bad_Name" });
    await form.review();
    await expect(form.fieldError("Cluster name")).toContainText("Lowercase letters");

    await form.fillBasics({ name: `bad-${suffix()}` });
    await page.getByLabel("Worker root disk").fill("5");
    await form.review();
    await expect(form.fieldError("Worker root disk")).toHaveText("must be at least 20");

    await page.getByLabel("Worker root disk").fill("50");
    await page.getByRole("checkbox", { name: "Set OIDC sign-in" }).check();
    await form.review();
    await expect(form.fieldError("Client ID *")).toHaveText("is required");
    await expect(form.fieldError("Issuer URL *")).toHaveText("is required");

    // A CEL rule in the class's variable schema: only Cluster API's webhook knows it, and its
    // message comes back from the dry run onto the field.
    await page.getByRole("checkbox", { name: "Set OIDC sign-in" }).uncheck();
    await page.getByLabel("SSH key name").fill("my key");
    await form.review();
    await expect(form.fieldError("SSH key name")).toHaveText("keypair names contain no spaces");

    expect(await clusterNames("team-a")).toEqual(before);
  });

  test("bob, a member, creates and scales; concurrent scales never silently lose one", async ({ asUser }) => {
    test.setTimeout(4 * 60_000);
    const name = `bob-${suffix()}`;
    const page = await asUser("bob");
    try {
      const form = new NewClusterPage(page);
      await form.goto("team-a");
      await form.fillBasics({ name });
      await form.review();
      await form.create();
      await expect(page).toHaveURL(new RegExp(`/clusters/${name}$`));

      // A second tab loads the same cluster and starts editing before the first one changes it.
      const page2 = await asUser("bob");
      const tab2 = new ClusterPage(page2);
      await tab2.goto("team-a", name);
      await tab2.scalePool(0).getByLabel("Replicas").fill("3");

      const tab1 = new ClusterPage(page);
      await tab1.scalePool(0).getByLabel("Replicas").fill("2");
      await tab1.reviewAndApplyScale();
      await expect(page.getByRole("status").filter({ hasText: "Applied" })).toBeVisible();

      await page2.getByRole("button", { name: "Review change" }).click();
      await expect(page2.getByTestId("scale-error")).toContainText("changed since you loaded it");
      await page2.context().close();

      const obj = (await getClusterObject("team-a", name)) as {
        spec: { topology: { workers: { machineDeployments: { replicas: number }[] } } };
      };
      expect(obj.spec.topology.workers.machineDeployments[0]?.replicas).toBe(2);
      const events = (await auditEvents(page, "team-a")).filter((e) => e.targetName === name);
      expect(events.map((e) => `${e.action}:${e.outcome}`)).toEqual(
        expect.arrayContaining(["cluster.create:allowed", "cluster.scale:allowed"]),
      );
    } finally {
      await deleteClusterIfExists("team-a", name);
    }
  });

  test("erin, a viewer, gets the API server's refusal, shown clearly, and nothing is created", async ({
    asUser,
  }) => {
    const page = await asUser("erin");
    await page.goto("/");
    await expect(page.getByRole("link", { name: "New cluster" })).toHaveCount(0);
    const form = new NewClusterPage(page);
    await form.goto("team-a");
    await expect(page.getByText("You are a viewer in Team A")).toBeVisible();
    const name = `erin-${suffix()}`;
    await form.fillBasics({ name });
    await form.review();
    await expect(form.formError).toContainText("not allowed");
    expect(await clusterExists("team-a", name)).toBe(false);
  });

  test("nobody in team-a can touch team-b's clusters, even with a forged team in the action", async ({
    asUser,
  }) => {
    const page = await asUser("bob");
    const form = new NewClusterPage(page);
    await form.goto("team-a");
    const name = `forged-${suffix()}`;
    await form.fillBasics({ name });
    // Rewrite the server action's arguments in flight: the team the browser claims is team-b.
    await page.route("**/teams/team-a/clusters/new", async (route) => {
      const body = route.request().postData() ?? "";
      await route.continue({ postData: body.replaceAll('"team":"team-a"', '"team":"team-b"') });
    });
    await form.review();
    await expect(form.formError).toHaveText("Team not found.");
    expect(await clusterExists("team-b", name)).toBe(false);
    expect(await clusterExists("team-a", name)).toBe(false);
  });

  test("quotas: the node quota and the cluster quota refuse with used / limit", async ({ asUser }) => {
    const page = await asUser("carol");
    const form = new NewClusterPage(page);

    // Node quota (team-b: 10 worker nodes; analytics uses 1).
    await form.goto("team-b");
    await form.fillBasics({ name: `big-${suffix()}` });
    await form.setPool(0, { replicas: 12 });
    await form.review();
    await expect(form.formError).toContainText("1 of 10 worker nodes are in use");

    // Cluster quota, enforced by the API server's quota admission: full at review time...
    const name = `over-${suffix()}`;
    const count = (await clusterNames("team-b")).length;
    await setClusterQuota("team-b", count);
    try {
      await form.goto("team-b");
      await form.fillBasics({ name });
      await form.review();
      await expect(form.formError).toContainText(`(${count} of ${count} clusters)`);

      // ...and used up by someone else between review and create: refused, and audited as refused.
      await setClusterQuota("team-b", count + 1);
      await form.review();
      await expect(form.yaml).toBeVisible();
      await setClusterQuota("team-b", count);
      await form.create();
      await expect(form.formError).toContainText(`(${count} of ${count} clusters)`);
      expect(await clusterExists("team-b", name)).toBe(false);
      const refused = (await auditEvents(page, "team-b")).find((e) => e.targetName === name);
      expect(refused).toMatchObject({ action: "cluster.create", outcome: "refused", actor: "oidc:carol" });
    } finally {
      await setClusterQuota("team-b", 3);
    }
  });
});

test.describe("presets", () => {
  test("bob saves the filled form as a preset and starts a new cluster from it; a viewer cannot save", async ({
    asUser,
  }) => {
    const preset = `tiny-${suffix()}`;
    const page = await asUser("bob");
    const form = new NewClusterPage(page);
    await form.goto("team-a");
    await form.fillBasics({ className: "inmemory-scs-1-35-v2", name: "ignored", controlPlanes: 3 });
    await form.setPool(0, { replicas: 2 });
    await page.getByLabel("Worker flavor").selectOption({ label: "SCS-8V-16" });
    await page.getByLabel("Preset name").fill(preset);
    await page.getByRole("button", { name: "Save as preset" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Saved preset “${preset}”` })).toBeVisible();

    await form.goto("team-a");
    await expect(page.getByLabel("Cluster class")).toHaveValue("inmemory-scs-1-35-v1");
    await page.getByLabel("Start from a preset").selectOption(preset);
    await page.getByRole("button", { name: "Use preset" }).click();
    await expect(page.getByLabel("Cluster class")).toHaveValue("inmemory-scs-1-35-v2");
    await expect(page.getByRole("radio", { name: "3", exact: true })).toBeChecked();
    await expect(form.pool(0).getByLabel("Replicas")).toHaveValue("2");
    await expect(page.getByLabel("Worker flavor")).toHaveValue(JSON.stringify("SCS-8V-16"));
    await expect(page.getByLabel("Cluster name")).toHaveValue("");

    const events = await auditEvents(page, "team-a");
    expect(
      events.some((e) => e.action === "preset.save" && e.targetName === preset && e.outcome === "allowed"),
    ).toBe(true);

    const erinPage = await asUser("erin");
    const erinForm = new NewClusterPage(erinPage);
    await erinForm.goto("team-a");
    await erinPage.getByLabel("Preset name").fill(`${preset}-erin`);
    await erinPage.getByRole("button", { name: "Save as preset" }).click();
    await expect(
      erinPage.getByRole("status").filter({ hasText: "Viewers cannot save presets" }),
    ).toBeVisible();
  });
});
