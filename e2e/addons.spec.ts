/**
 * Opt-in add-ons (#14), end to end. The add-on provider Helm cannot run in the local world (its Go
 * module is not served here), so this spec plays its part: it creates the HelmReleaseProxies the
 * provider would (its name, labels and ownerReference) and moves their status as it would.
 */
import { expect, test } from "./fixtures.ts";
import { AdminPages } from "./pages/admin-pages.ts";
import { NewClusterPage } from "./pages/new-cluster-page.ts";
import {
  createObject,
  deleteClusterIfExists,
  deleteObject,
  getClusterObject,
  getObject,
  patchStatus,
} from "./support/admin-kube.ts";

const HRP = (ns: string) => `/apis/addons.cluster.x-k8s.io/v1alpha1/namespaces/${ns}/helmreleaseproxies`;
const HCP = (ns: string) => `/apis/addons.cluster.x-k8s.io/v1alpha1/namespaces/${ns}/helmchartproxies`;

/** What the provider creates for a (HelmChartProxy, Cluster) pair: returns its path. */
async function releaseProxy(ns: string, proxy: string, chart: string, cluster: string): Promise<string> {
  const hcp = (await getObject(`${HCP(ns)}/${proxy}`)) as { metadata: { uid: string } };
  const created = (await createObject(HRP(ns), {
    apiVersion: "addons.cluster.x-k8s.io/v1alpha1",
    kind: "HelmReleaseProxy",
    metadata: {
      generateName: `${chart}-${cluster}-`,
      labels: {
        "cluster.x-k8s.io/cluster-name": cluster,
        "helmreleaseproxy.addons.cluster.x-k8s.io/helmchartproxy-name": proxy,
      },
      ownerReferences: [
        {
          apiVersion: "addons.cluster.x-k8s.io/v1alpha1",
          kind: "HelmChartProxy",
          name: proxy,
          uid: hcp.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      clusterRef: { apiVersion: "cluster.x-k8s.io/v1beta2", kind: "Cluster", name: cluster, namespace: ns },
      repoURL: "https://charts.example.invalid",
      chartName: chart,
      releaseName: proxy,
      namespace: proxy,
    },
  })) as { metadata: { name: string } };
  return `${HRP(ns)}/${created.metadata.name}`;
}

const now = () => new Date().toISOString();
const cond = (type: string, status: string, reason = "", message = "") => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: now(),
});
const status = (path: string, s: Record<string, unknown>) =>
  patchStatus(path, {
    apiVersion: "addons.cluster.x-k8s.io/v1alpha1",
    kind: "HelmReleaseProxy",
    metadata: { name: path.split("/").at(-1), namespace: path.split("/")[5] },
    status: s,
  });
const preparing = {
  conditions: [
    cond("HelmReleaseReady", "False", "PreparingToHelmInstall"),
    cond("Ready", "False", "PreparingToHelmInstall"),
  ],
};
const deployed = (revision: number) => ({
  status: "deployed",
  revision,
  conditions: [cond("HelmReleaseReady", "True"), cond("Ready", "True")],
});

test.describe("opt-in add-ons", () => {
  test("alice creates a cluster with cert-manager, the issuer and Traefik with PROXY protocol; follows, fails, disables", async ({
    asUser,
  }) => {
    test.setTimeout(10 * 60_000);
    const name = `addons-${Math.random().toString(36).slice(2, 7)}`;
    const releases: string[] = [];
    const page = await asUser("alice");
    try {
      const form = new NewClusterPage(page);
      await form.goto("team-a");
      await form.fillBasics({ name });
      const step = page.getByTestId("addons-step");
      const offer = (id: string) => step.locator(`[data-testid="addon-offer"][data-addon="${id}"]`);
      await expect(step.getByTestId("addon-offer")).toHaveCount(3);

      // The issuer alone is refused: it needs cert-manager and an ingress.
      await offer("letsencrypt").getByRole("checkbox").check();
      await page.getByLabel("ACME contact email").fill("not an email");
      await form.review();
      await expect(offer("letsencrypt").getByRole("alert").first()).toContainText(
        "needs cert-manager and an ingress (Traefik ingress controller)",
      );
      await expect(page.getByRole("alert").filter({ hasText: "Enter an email address" })).toBeVisible();

      await page.getByLabel("ACME contact email").fill("alice@example.com");
      await offer("cert-manager").getByRole("checkbox").check();
      await offer("traefik").getByRole("checkbox").first().check();
      await page.getByLabel("Octavia PROXY protocol (keep client source IPs)").check();
      await form.review();

      // The review lists exactly the labels and annotations the cluster gets.
      await expect(page.getByTestId("review-addon-label")).toHaveText([
        "label addons.kaas.scs.community/cert-manager=enabled",
        "label addons.kaas.scs.community/traefik=enabled",
        "label addons.kaas.scs.community/letsencrypt=enabled",
      ]);
      await expect(page.getByTestId("review-addon-annotation")).toHaveText([
        "annotation addons.kaas.scs.community/traefik-proxy-protocol=true",
        "annotation addons.kaas.scs.community/letsencrypt-email=alice@example.com",
      ]);
      await expect(page.getByTestId("review-addon-kubectl")).toContainText(
        `kubectl label --overwrite -n team-a cluster.cluster.x-k8s.io/${name} addons.kaas.scs.community/cert-manager=enabled`,
      );
      await expect(form.yaml).toContainText('addons.kaas.scs.community/traefik-proxy-protocol: "true"');

      await form.create();
      await expect(page).toHaveURL(new RegExp(`/teams/team-a/clusters/${name}$`));
      const row = (id: string) => page.locator(`[data-testid="catalog-addon"][data-addon="${id}"]`);
      for (const id of ["cert-manager", "traefik", "letsencrypt"]) {
        await expect(row(id)).toHaveAttribute("data-state", "pending");
      }

      // The provider (played here) picks the cluster up: each release installs, live.
      const cm = await releaseProxy("team-a", "cert-manager", "cert-manager", name);
      const tr = await releaseProxy("team-a", "traefik", "traefik", name);
      const le = await releaseProxy("team-a", "letsencrypt", "raw", name);
      releases.push(cm, tr, le);
      for (const p of [cm, tr, le]) await status(p, preparing);
      for (const id of ["cert-manager", "traefik", "letsencrypt"]) {
        await expect(row(id)).toHaveAttribute("data-state", "progressing");
      }
      await expect(row("traefik").getByTestId("catalog-addon-message")).toHaveText(
        "Preparing to install the Helm release",
      );
      for (const p of [cm, tr, le]) await status(p, deployed(1));
      for (const id of ["cert-manager", "traefik", "letsencrypt"]) {
        await expect(row(id)).toHaveAttribute("data-state", "ready");
        await expect(row(id).getByTestId("catalog-addon-state")).toHaveText("deployed");
      }
      await expect(row("cert-manager").getByTestId("catalog-addon-release")).toHaveText(
        "deployed · revision 1",
      );

      // The cluster comes up (real Cluster API controllers, in-memory machines): ready.
      await expect(page.getByTestId("cluster-health")).toHaveAttribute("data-state", "ready", {
        timeout: 5 * 60_000,
      });

      // An upgrade of Traefik fails: the row says why, and the cluster is degraded, not failing.
      const failure = 'timed out waiting for the condition: Deployment "traefik" not ready';
      await status(tr, {
        status: "failed",
        revision: 2,
        conditions: [
          cond("HelmReleaseReady", "False", "HelmInstallOrUpgradeFailed", failure),
          cond("Ready", "False", "HelmInstallOrUpgradeFailed", failure),
        ],
      });
      await expect(row("traefik")).toHaveAttribute("data-state", "failed");
      await expect(row("traefik").getByTestId("catalog-addon-message")).toHaveText(
        `Helm install or upgrade failed: ${failure}`,
      );
      await expect(page.getByTestId("cluster-health")).toHaveAttribute("data-state", "degraded");
      await expect(page.getByTestId("cluster-health")).toHaveText("Degraded");

      // She disables the issuer: reviewed, then applied; the label is gone.
      await row("letsencrypt").getByRole("button", { name: "Disable" }).click();
      await expect(row("letsencrypt").getByTestId("addon-uninstall-note")).toContainText("ClusterIssuer");
      await row("letsencrypt").getByRole("button", { name: "Review" }).click();
      await expect(row("letsencrypt").getByTestId("addon-kubectl")).toHaveText(
        `kubectl label --overwrite -n team-a cluster.cluster.x-k8s.io/${name} addons.kaas.scs.community/letsencrypt-`,
      );
      await expect(row("letsencrypt").getByTestId("addon-kaas")).toHaveText(
        `kaas clusters addon ${name} letsencrypt --team team-a --disable`,
      );
      await row("letsencrypt").getByRole("button", { name: "Disable Let's Encrypt issuer" }).click();
      await expect(row("letsencrypt")).toHaveAttribute("data-state", "uninstalling");
      const obj = (await getClusterObject("team-a", name)) as {
        metadata: { labels?: Record<string, string> };
      };
      expect(obj.metadata.labels?.["addons.kaas.scs.community/letsencrypt"]).toBeUndefined();
      expect(obj.metadata.labels?.["addons.kaas.scs.community/cert-manager"]).toBe("enabled");

      // The status wall shows the add-on problem.
      await page.goto("/status?addons=problems");
      const wallRow = page.locator(`[data-testid="status-row"][data-cluster="${name}"]`);
      await expect(wallRow).toHaveAttribute("data-health", "degraded");
      await expect(wallRow.getByTestId("addon-problems")).toHaveText("1 failed: traefik");
    } finally {
      for (const p of releases) await deleteObject(p);
      await deleteClusterIfExists("team-a", name);
    }
  });

  test("carol's team is not offered the catalog and sees no add-ons", async ({ asUser }) => {
    const page = await asUser("carol");
    const form = new NewClusterPage(page);
    await form.goto("team-b");
    await expect(page.getByLabel("Cluster name")).toBeVisible();
    await expect(page.getByTestId("addons-step")).toHaveCount(0);
    await page.goto("/teams/team-b/clusters/analytics");
    await expect(page.getByTestId("cluster-health")).toBeVisible();
    await expect(page.getByTestId("catalog-addons")).toHaveCount(0);
  });

  test("the platform admin offers team-b cert-manager, a HelmChartProxy in its namespace, and withdraws it", async ({
    asUser,
  }) => {
    const page = await asUser("admin");
    const admin = new AdminPages(page);
    await admin.gotoTeam("team-a");
    await expect(page.getByTestId("offered-addon-traefik")).toContainText("offered · version 37.2.0");

    await admin.gotoTeam("team-b");
    const form = page.getByRole("form", { name: "Add-ons" });
    try {
      await form.getByTestId("offer-addon-cert-manager").check();
      await form.getByRole("button", { name: "Save add-ons" }).click();
      await expect(page.getByTestId("team-addons-status")).toHaveText("Offered: cert-manager.");
      const hcp = (await getObject(`${HCP("team-b")}/cert-manager`)) as {
        metadata: { labels: Record<string, string> };
        spec: { clusterSelector: unknown };
      };
      expect(hcp.spec.clusterSelector).toEqual({
        matchLabels: { "addons.kaas.scs.community/cert-manager": "enabled" },
      });
      // carol now sees it in her form.
      const carol = await asUser("carol");
      await new NewClusterPage(carol).goto("team-b");
      await expect(carol.getByTestId("addon-offer")).toHaveCount(1);

      await form.getByTestId("offer-addon-cert-manager").uncheck();
      await expect(form).toContainText("Saving uninstalls cert-manager from every cluster of this team");
      await form.getByRole("button", { name: "Save add-ons" }).click();
      await expect(page.getByTestId("team-addons-status")).toHaveText(
        "Withdrawn (uninstalled from the team's clusters): cert-manager.",
      );
      await expect(getObject(`${HCP("team-b")}/cert-manager`)).rejects.toThrow(/404/);
    } finally {
      await deleteObject(`${HCP("team-b")}/cert-manager`);
    }
  });
});
