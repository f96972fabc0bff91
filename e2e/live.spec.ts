import { randomBytes } from "node:crypto";
import { adminCredentials } from "../dev/plane/control.ts";
import { applyStatus, kubeRequest } from "../dev/plane/kube.ts";
import { expect, test } from "./fixtures.ts";
import { ClustersPage } from "./pages/clusters-page.ts";

const admin = adminCredentials();
const CLUSTERS = "/apis/cluster.x-k8s.io/v1beta2/namespaces/team-a/clusters";

/**
 * A Cluster in team-a made through the admin kubeconfig, as an operator or controller would. It is
 * paused and has no topology, so the Cluster API controllers leave it alone and the test sets its
 * status itself.
 */
async function createCluster(name: string): Promise<void> {
  const res = await kubeRequest(admin, "POST", CLUSTERS, {
    apiVersion: "cluster.x-k8s.io/v1beta2",
    kind: "Cluster",
    metadata: { name, namespace: "team-a" },
    // The webhook wants a reference; a paused Cluster's is never followed.
    spec: {
      paused: true,
      infrastructureRef: { apiGroup: "infrastructure.cluster.x-k8s.io", kind: "DevCluster", name },
    },
  });
  if (res.status !== 201) throw new Error(`create ${name}: ${res.status} ${res.text}`);
}

async function setPhase(name: string, phase: string): Promise<void> {
  await applyStatus(admin, {
    apiVersion: "cluster.x-k8s.io/v1beta2",
    kind: "Cluster",
    metadata: { name, namespace: "team-a" },
    status: { phase },
  });
}

async function deleteCluster(name: string): Promise<void> {
  await kubeRequest(admin, "DELETE", `${CLUSTERS}/${name}`);
  // Paused clusters are not finalized by the controllers: drop the finalizer once deletion began
  // (before that the controller would add it back).
  await kubeRequest(
    admin,
    "PATCH",
    `${CLUSTERS}/${name}`,
    { metadata: { finalizers: null } },
    "application/merge-patch+json",
  );
}

const uniqueName = (what: string) => `live-${what}-${randomBytes(3).toString("hex")}`;

test.describe("the cluster list is live", () => {
  test("alice sees a cluster appear and its phase change without reloading", async ({ asUser }) => {
    const name = uniqueName("new");
    const page = await asUser("alice");
    await page.goto("/");
    const clusters = new ClustersPage(page);
    await expect(clusters.liveStatus).toHaveText("Live");
    try {
      await createCluster(name);
      await expect(clusters.row(name)).toBeVisible();
      await setPhase(name, "Provisioning");
      // The phase badge (the list also shows the phase as the health's reason beside it).
      await expect(clusters.row(name).locator('[data-phase="Provisioning"]')).toHaveText("Provisioning");
      await deleteCluster(name);
      await expect(clusters.row(name)).toHaveCount(0);
      expect(await clusters.names()).toEqual(["ci-runners", "web-prod"]);
    } finally {
      await deleteCluster(name);
    }
  });

  test("seven tabs on the list all receive an update over one shared stream", async ({ asUser }) => {
    const name = uniqueName("tabs");
    const page = await asUser("alice");
    const context = page.context();
    let streams = 0;
    context.on("request", (r) => {
      if (new URL(r.url()).pathname === "/api/stream") streams++;
    });
    await page.goto("/");
    const tabs = [page];
    for (let i = 1; i < 7; i++) {
      const tab = await context.newPage();
      await new ClustersPage(tab).goto("team-a");
      tabs.push(tab);
    }
    for (const tab of tabs) await expect(new ClustersPage(tab).liveStatus).toHaveText("Live");
    try {
      await createCluster(name);
      await setPhase(name, "Provisioned");
      for (const tab of tabs) {
        await expect(new ClustersPage(tab).row(name).getByText("Provisioned")).toBeVisible();
      }
      // The seventh tab still gets ordinary requests through: no connection is held per tab.
      const res = await tabs[6]?.evaluate(async () => (await fetch("/api/teams/team-a/clusters")).status);
      expect(res).toBe(200);
      expect(streams).toBe(1);
    } finally {
      await deleteCluster(name);
    }
  });

  test("bob's stream carries team-a and nothing of team-b", async ({ asUser }) => {
    const page = await asUser("bob");
    await page.goto("/");
    const text = await page.evaluate(async () => {
      const res = await fetch("/api/stream?kinds=clusters,machines,events");
      const reader = res.body?.getReader();
      if (!reader) return "";
      const decoder = new TextDecoder();
      let all = `content-type: ${res.headers.get("content-type")}\ncache-control: ${res.headers.get("cache-control")}\n`;
      while (!all.includes("event: ready\n")) {
        const { value, done } = await reader.read();
        if (done) break;
        all += decoder.decode(value, { stream: true });
      }
      await reader.cancel();
      return all;
    });
    expect(text).toContain("content-type: text/event-stream");
    expect(text).toContain("no-transform");
    expect(text).toContain('"name":"web-prod"');
    expect(text).not.toContain("team-b");
    expect(text).not.toContain("analytics");
  });
});
