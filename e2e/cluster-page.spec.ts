import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { parse } from "yaml";
import { demoCluster } from "../dev/plane/seed.ts";
import { expect, test } from "./fixtures.ts";
import { ClusterPage } from "./pages/cluster-page.ts";
import {
  clusterExists,
  createObject,
  deleteClusterIfExists,
  deleteObject,
  patchStatus,
} from "./support/admin-kube.ts";

const NS = "team-a";
const name = `cp-${Math.random().toString(36).slice(2, 7)}`;
const clustersPath = `/apis/cluster.x-k8s.io/v1beta2/namespaces/${NS}/clusters`;
const addonsPath = `/apis/clusterstack.x-k8s.io/v1alpha1/namespaces/${NS}/clusteraddons`;
const addonName = `cluster-addon-${name}`;
const OIDC = { issuerURL: "https://login.example.test/realms/kaas", clientID: "kubectl-cp" };

type AuditEvent = {
  action: string;
  targetName: string | null;
  outcome: string;
  actor: string;
  details: unknown;
};

async function auditEvents(page: Page): Promise<AuditEvent[]> {
  const res = await page.request.get(`/api/teams/${NS}/audit?limit=200&action=cluster.kubeconfig`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { events: AuditEvent[] }).events.filter((e) => e.targetName === name);
}

async function downloadText(page: Page, testId: string): Promise<{ text: string; filename: string }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  const path = await download.path();
  return { text: await readFile(path, "utf8"), filename: download.suggestedFilename() };
}

// One small cluster made by Cluster API for the whole file: the kubeconfig tests need it up.
test.describe("the cluster page", () => {
  test.describe.configure({ mode: "serial" });
  test.afterAll(async () => {
    test.setTimeout(4 * 60_000);
    await deleteObject(`${addonsPath}/${addonName}`);
    await deleteClusterIfExists(NS, name);
    // Later specs count the team's clusters: wait until Cluster API has finished the teardown.
    await expect.poll(() => clusterExists(NS, name), { timeout: 3 * 60_000, intervals: [1000] }).toBe(false);
  });

  test("follows a cluster Cluster API is creating, a scale from another tab, and a failing add-on, without reloading", async ({
    asUser,
  }) => {
    test.setTimeout(5 * 60_000);
    const page = await asUser("alice");
    const cluster = demoCluster(NS, name, "inmemory-scs-1-35-v1", 1);
    (cluster.spec as { topology: { variables?: unknown[] } }).topology.variables = [
      { name: "oidcConfig", value: OIDC },
    ];
    const created = await createObject(clustersPath, cluster);
    const cp = new ClusterPage(page);
    await cp.goto(NS, name);
    await expect(cp.liveStatus).toHaveText("Live");
    // Moments after the create nothing runs yet, and the page says why in words.
    await expect(cp.verdict).toContainText(/^Not ready: /);
    // A reload or a full navigation would drop this.
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });

    // Machines appear and turn Running, and the readiness bar fills, as the stream reports them.
    await expect(cp.machines.first()).toBeVisible({ timeout: 60_000 });
    await cp.expectRunningMachines(2, 3 * 60_000);
    await expect(cp.readinessTotal).toContainText("2/2 machines ready (100%)", { timeout: 60_000 });
    await expect(cp.readinessGroup("control-plane")).toHaveAttribute("data-ready", "1");
    await expect(cp.machines.filter({ hasText: "in-memory://" })).toHaveCount(2);
    await expect(page.getByTestId("cluster-phase")).toHaveText("Provisioned", { timeout: 60_000 });
    await expect(cp.verdict).toHaveAttribute("data-ready", "true", { timeout: 60_000 });

    // A scale applied in a second tab shows in the first within a second or two.
    const tab2 = await page.context().newPage();
    const cp2 = new ClusterPage(tab2);
    await cp2.goto(NS, name);
    await cp2.scalePool(0).getByLabel("Replicas").fill("2");
    await cp2.reviewAndApplyScale();
    await expect(tab2.getByRole("status").filter({ hasText: "Applied" })).toBeVisible();
    const applied = Date.now();
    await expect(cp.readinessGroup("pool:md-0")).toHaveAttribute("data-desired", "2", { timeout: 2_000 });
    const seenAfterMs = Date.now() - applied;
    test.info().annotations.push({ type: "scale-seen-after-ms", description: String(seenAfterMs) });
    console.log(`scale from the second tab seen in the first after ${seenAfterMs} ms`);
    await tab2.close();
    await expect(cp.readinessTotal).toContainText("3/3 machines ready", { timeout: 2 * 60_000 });
    await cp.expectRunningMachines(3, 60_000);

    // An add-on the stack's operator reports failed turns red, with its message in the timeline.
    await createObject(addonsPath, {
      apiVersion: "clusterstack.x-k8s.io/v1alpha1",
      kind: "ClusterAddon",
      metadata: {
        name: addonName,
        namespace: NS,
        ownerReferences: [
          {
            apiVersion: "cluster.x-k8s.io/v1beta2",
            kind: "Cluster",
            name,
            uid: (created.metadata as { uid: string }).uid,
          },
        ],
      },
      spec: {
        clusterStack: "inmemory-scs-1-35-v1",
        version: "v1",
        hook: "AfterControlPlaneInitialized",
        clusterRef: { apiVersion: "cluster.x-k8s.io/v1beta2", kind: "Cluster", name, namespace: NS },
      },
    });
    const message = "metrics-server: Deployment <b>metrics-server</b> is invalid: spec.replicas must be >= 0";
    await patchStatus(`${addonsPath}/${addonName}`, {
      apiVersion: "clusterstack.x-k8s.io/v1alpha1",
      kind: "ClusterAddon",
      metadata: { name: addonName, namespace: NS },
      status: {
        ready: false,
        stages: [
          { name: "cni", action: "apply", phase: "done" },
          { name: "metrics-server", action: "apply", phase: "applyingOrDeleting" },
          { name: "csi", action: "apply", phase: "Pending" },
          { name: "ccm", action: "apply", phase: "Pending" },
        ],
        conditions: [
          {
            type: "HelmChartApplied",
            status: "False",
            severity: "Error",
            reason: "FailedToApplyObjects",
            message,
            lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
          },
        ],
      },
    });
    const addon = cp.addon(addonName);
    await expect(addon).toHaveAttribute("data-state", "failed");
    await expect(addon.getByText("failed", { exact: true })).toBeVisible();
    await expect(addon.locator('[data-testid="addon-stage"][data-state="failed"]')).toHaveText(
      "metrics-server: applyingOrDeleting",
    );
    // The timeline tells it as steps, the failed one first and open, its row in red with its markup
    // shown as text; the raw rows run newest first within each step.
    const failedStep = cp.timelineSteps.first();
    await expect(failedStep).toHaveAttribute("data-kind", "addons");
    await expect(failedStep).toHaveAttribute("data-outcome", "failed");
    await expect(failedStep.locator("summary")).toContainText("failed");
    const entry = failedStep.getByTestId("timeline-entry").filter({ hasText: message });
    await expect(entry).toBeVisible();
    await expect(entry).toHaveAttribute("data-level", "error");
    await expect(entry).toHaveClass(/text-red-800/);
    const kinds = await cp.timelineSteps.evaluateAll((ss) => ss.map((s) => s.getAttribute("data-kind")));
    expect(kinds).toEqual(
      expect.arrayContaining(["infrastructure", "control-plane-available", "workers", "ready"]),
    );
    expect(await cp.timeline.count()).toBeGreaterThan(5);
    for (const step of await cp.timelineSteps.all()) {
      const times = await step
        .getByTestId("timeline-entry")
        .locator("time")
        .evaluateAll((ts) => ts.map((t) => Date.parse(t.getAttribute("datetime") ?? "") || 0));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    }
    await expect(page.locator("b", { hasText: "metrics-server" })).toHaveCount(0);
    await expect(cp.verdict).toContainText(`add-on ${addonName} (stage metrics-server) failed: ${message}`);

    expect(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
  });

  test("alice downloads the admin kubeconfig, audited; bob is not offered it and gets the OIDC one", async ({
    asUser,
  }) => {
    const page = await asUser("alice");
    const cp = new ClusterPage(page);
    await cp.goto(NS, name);
    // The page payload carries no credential, only the offer.
    expect(await page.content()).not.toMatch(/client-key-data|client-certificate-data/);

    const admin = await downloadText(page, "download-admin-kubeconfig");
    expect(admin.filename).toBe(`${name}-admin.kubeconfig`);
    const kc = parse(admin.text) as {
      kind: string;
      clusters: { name: string; cluster: { server: string } }[];
      users: { user: Record<string, string> }[];
    };
    expect(kc.kind).toBe("Config");
    expect(kc.clusters[0]?.name).toBe(name);
    expect(kc.users[0]?.user["client-key-data"]).toBeTruthy();
    await expect(page.getByTestId("cluster-endpoint")).toHaveText(kc.clusters[0]?.cluster.server ?? "");

    const res = await page.request.get(`/api/teams/${NS}/clusters/${name}/kubeconfig?type=admin`);
    expect(res.headers()["cache-control"]).toContain("no-store");
    expect(res.headers()["content-disposition"]).toBe(`attachment; filename="${name}-admin.kubeconfig"`);
    const aliceEvents = await auditEvents(page);
    expect(aliceEvents.filter((e) => e.actor === "oidc:alice" && e.outcome === "allowed")).toEqual(
      expect.arrayContaining([expect.objectContaining({ details: { type: "admin" } })]),
    );

    const bob = await asUser("bob");
    await new ClusterPage(bob).goto(NS, name);
    await expect(bob.getByTestId("kubeconfig-panel")).toBeVisible();
    await expect(bob.getByTestId("download-admin-kubeconfig")).toHaveCount(0);
    const direct = await bob.request.get(`/api/teams/${NS}/clusters/${name}/kubeconfig?type=admin`);
    expect(direct.status()).toBe(403);
    expect(await direct.text()).not.toContain("client-key-data");

    // The default download of a cluster with OIDC settings: kubelogin, and no secret at all.
    const oidc = await downloadText(bob, "download-oidc-kubeconfig");
    expect(oidc.filename).toBe(`${name}-oidc.kubeconfig`);
    const byDefault = await bob.request.get(`/api/teams/${NS}/clusters/${name}/kubeconfig`);
    expect(byDefault.status()).toBe(200);
    expect(await byDefault.text()).toBe(oidc.text);
    const doc = parse(oidc.text) as {
      clusters: { name: string }[];
      users: { user: { exec: { command: string; args: string[] } } }[];
    };
    expect(doc.clusters[0]?.name).toBe(name);
    expect(doc.users[0]?.user.exec.command).toBe("kubectl");
    expect(doc.users[0]?.user.exec.args).toEqual([
      "oidc-login",
      "get-token",
      `--oidc-issuer-url=${OIDC.issuerURL}`,
      `--oidc-client-id=${OIDC.clientID}`,
    ]);
    expect(oidc.text).not.toMatch(/client-key-data|client-certificate-data|token:|password|secret/i);
    await bob.context().close();

    const events = await auditEvents(page);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: "oidc:bob",
          outcome: "refused",
          details: { type: "admin", reason: "403 Forbidden" },
        }),
        expect.objectContaining({ actor: "oidc:bob", outcome: "allowed", details: { type: "oidc" } }),
      ]),
    );
  });
});
