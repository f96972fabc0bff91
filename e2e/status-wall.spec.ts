import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createTranslator } from "next-intl";
import { adminCredentials } from "../dev/plane/control.ts";
import { applyStatus, kubeRequest } from "../dev/plane/kube.ts";
import { parseKubernetesVersions } from "../lib/capi/kubernetes-versions.ts";
import { evaluateVersionPolicy } from "../lib/capi/version-policy.ts";
import { formatDate } from "../lib/i18n/format.ts";
import en from "../lib/i18n/messages/en.json" with { type: "json" };
import { expect, test } from "./fixtures.ts";
import type { DemoUserName } from "./pages/login-page.ts";
import { StatusPage } from "./pages/status-page.ts";
import { getObject, setClusterQuota } from "./support/admin-kube.ts";

const admin = adminCredentials();
const NS = "team-b";
const CLUSTERS = `/apis/cluster.x-k8s.io/v1beta2/namespaces/${NS}/clusters`;

/**
 * A Cluster in team-b made through the admin kubeconfig with a real topology (class and version)
 * but paused, so the Cluster API controllers leave it alone and the test sets its status itself.
 */
async function createPausedCluster(name: string, version: string): Promise<void> {
  const res = await kubeRequest(admin, "POST", CLUSTERS, {
    apiVersion: "cluster.x-k8s.io/v1beta2",
    kind: "Cluster",
    metadata: { name, namespace: NS },
    spec: {
      paused: true,
      topology: { classRef: { name: "inmemory-scs-1-35-v1" }, version, controlPlane: { replicas: 1 } },
    },
  });
  if (res.status !== 201) throw new Error(`create ${name}: ${res.status} ${res.text}`);
}

async function setConditions(name: string, conditions: Record<string, unknown>[]): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  await applyStatus(admin, {
    apiVersion: "cluster.x-k8s.io/v1beta2",
    kind: "Cluster",
    metadata: { name, namespace: NS },
    status: {
      phase: "Provisioned",
      conditions: conditions.map((c) => ({ lastTransitionTime: now, message: "", ...c })),
    },
  });
}

async function deleteCluster(name: string): Promise<void> {
  await kubeRequest(admin, "DELETE", `${CLUSTERS}/${name}`);
  // Paused clusters are not finalized by the controllers: drop the finalizer once deletion began.
  await kubeRequest(
    admin,
    "PATCH",
    `${CLUSTERS}/${name}`,
    { metadata: { finalizers: null } },
    "application/merge-patch+json",
  );
}

const uniqueName = (what: string) => `st-${what}-${randomBytes(3).toString("hex")}`;

test.describe("the status wall", () => {
  test("anonymous requests are sent to the login page; its API answers 401", async ({ request }) => {
    const page = await request.get("/status?health=failing", { maxRedirects: 0 });
    expect(page.status()).toBe(307);
    expect(page.headers().location).toContain("/login");
    // The filtered view is a shareable link: signing in must come back to it.
    expect(new URL(page.headers().location ?? "", "http://x").searchParams.get("callbackUrl")).toBe(
      "/status?health=failing",
    );
    const api = await request.get("/api/status", { maxRedirects: 0 });
    expect(api.status()).toBe(401);
    expect(await api.text()).not.toContain("web-prod");
  });

  test("each user sees exactly the teams the API server lets them list", async ({ asUser }) => {
    const expected: Record<string, string[]> = {
      admin: ["team-a", "team-b"],
      bob: ["team-a"],
      carol: ["team-b"],
    };
    for (const [user, teams] of Object.entries(expected)) {
      const page = await asUser(user as DemoUserName);
      const status = new StatusPage(page);
      await status.goto();
      await expect(status.liveStatus).toHaveText("Live");
      const shown = await status.shown();
      // Other suites may add clusters meanwhile: assert the teams and the seeded clusters.
      expect([...new Set(shown.map(([team]) => team))].sort(), user).toEqual(teams);
      if (teams.includes("team-a")) await expect(status.row("web-prod", "team-a")).toBeVisible();
      if (teams.includes("team-b")) await expect(status.row("analytics", "team-b")).toBeVisible();
      // The data itself, not only the page, is limited: the JSON behind it carries no other team.
      const namespaces = await page.evaluate(async () => {
        const res = await fetch("/api/status");
        const body = (await res.json()) as { rows: { namespace: string }[] };
        return [...new Set(body.rows.map((r) => r.namespace))].sort();
      });
      expect(namespaces, user).toEqual(teams);
      await page.context().close();
    }
  });

  test("someone in no team gets a clear empty state, not an error", async ({ asUser }) => {
    const status = new StatusPage(await asUser("dave"));
    await status.goto();
    await expect(status.noTeams).toContainText("You are not in a team yet");
    await expect(status.rows).toHaveCount(0);
  });

  test("a cluster turns failing live, the health filter works from the URL, and an old version is flagged", async ({
    asUser,
  }) => {
    const name = uniqueName("fail");
    const page = await asUser("admin");
    const status = new StatusPage(page);
    try {
      await createPausedCluster(name, "v1.35.3");
      await setConditions(name, [{ type: "Available", status: "True", reason: "Available" }]);
      await status.goto();
      await expect(status.liveStatus).toHaveText("Live");
      const row = status.row(name, NS);
      await expect(row.getByTestId("health-badge")).toHaveAttribute("data-state", "ready");
      const failingBefore = Number(await status.count("failing").locator("span").first().textContent());

      // The policy verdict is the pure function's on the repository's versions file, now.
      const file = readFileSync(new URL("../config/kubernetes-versions.json", import.meta.url), "utf8");
      const verdict = evaluateVersionPolicy("v1.35.3", parseKubernetesVersions(file, "versions"), Date.now());
      expect(verdict.status).toBe("non-compliant");
      // Its sentence in English, from the catalog. Not through lib/i18n/english.ts: Playwright loads
      // modules as Node does, where a JSON import needs `with { type: "json" }`, which the Next
      // build's catalog loader (precompiled messages) refuses, so english.ts cannot carry it.
      const reasonMessage = verdict.reasonMessage;
      if (!reasonMessage) throw new Error("a non-compliant verdict names its reason");
      const english = createTranslator({ locale: "en", messages: en }) as unknown as (
        key: string,
        values: Record<string, string | number>,
      ) => string;
      const reason = english(`policy.${reasonMessage.key}`, reasonMessage.values);
      await expect(row.getByTestId("policy-badge")).toHaveAttribute("data-state", "non-compliant");
      await expect(row.getByTestId("policy-badge")).toHaveText("Not compliant");
      // The page words the same verdict with its dates in the reader's format (the API keeps ISO dates).
      await expect(row.getByTestId("policy-reason")).toHaveText(
        reason.replace(/\d{4}-\d\d-\d\d/g, (day) => formatDate(`${day}T00:00:00Z`, "en")),
      );
      expect(reason).toMatch(/^v1\.35\.3 /);

      await setConditions(name, [
        { type: "Available", status: "False", reason: "NotAvailable", message: "control plane unreachable" },
        { type: "ControlPlaneInitialized", status: "True", reason: "Initialized" },
        { type: "RemoteConnectionProbe", status: "False", reason: "ProbeFailed", message: "probe timed out" },
      ]);
      await expect(row.getByTestId("health-badge")).toHaveAttribute("data-state", "failing");
      await expect(row.getByTestId("health-badge")).toHaveText("Failing");
      await expect(row.getByTestId("health-reason")).toHaveText("probe timed out");
      await expect(status.count("failing").locator("span").first()).toHaveText(String(failingBefore + 1));

      await status.goto("?health=failing");
      await expect(status.row(name, NS)).toBeVisible();
      await expect(page.getByLabel("Filter by health")).toHaveValue("failing");
      for (const [, , health] of await status.rows.evaluateAll((rows) =>
        rows.map((r) => [
          r.getAttribute("data-team"),
          r.getAttribute("data-cluster"),
          r.getAttribute("data-health"),
        ]),
      )) {
        expect(health).toBe("failing");
      }
      await expect(status.row("web-prod", "team-a")).toHaveCount(0);

      // Filters compose and stay in the URL: team-a has no such cluster.
      await page.getByLabel("Filter by team").selectOption("team-a");
      await expect(page).toHaveURL(/[?&]team=team-a/);
      await expect(status.row(name, NS)).toHaveCount(0);
    } finally {
      await deleteCluster(name);
    }
  });

  test("the wall pages through many clusters, the page and its size in the URL", async ({ asUser }) => {
    const prefix = uniqueName("page");
    const names = Array.from({ length: 12 }, (_, i) => `${prefix}-${String(i).padStart(2, "0")}`);
    const page = await asUser("admin");
    const status = new StatusPage(page);
    // More clusters than the team's quota allows: raised for the test, restored after it.
    const quota = (await getObject(`/api/v1/namespaces/${NS}/resourcequotas/kaas-clusters`)) as {
      spec: { hard: Record<string, string> };
    };
    const hard = Number(quota.spec.hard["count/clusters.cluster.x-k8s.io"]);
    await setClusterQuota(NS, hard + names.length);
    try {
      for (const name of names) await createPausedCluster(name, "v1.35.3");
      await status.goto(`?team=${NS}&sort=name&per=10`);
      await expect(page.getByLabel("Rows per page")).toHaveValue("10");
      await expect(status.rows).toHaveCount(10);
      await expect(status.pager.getByTestId("pager-position")).toContainText(/^Page 1 of \d+/);

      // Every one of the test's clusters is on exactly one page, in name order across the pages.
      const seen: string[] = [];
      for (let n = 1; ; n++) {
        await expect(status.pager.getByTestId("pager-position")).toContainText(`Page ${n} of`);
        const rows = await status.shown();
        expect(rows.length).toBeLessThanOrEqual(10);
        seen.push(...rows.map(([, name]) => name).filter((name) => name.startsWith(prefix)));
        const next = status.pager.getByRole("button", { name: "Next" });
        if ((await next.count()) === 0) break;
        await next.click();
        await expect(page).toHaveURL(new RegExp(`[?&]page=${n + 1}(&|$)`));
      }
      expect(seen).toEqual(names);

      // A shared link opens its page; Previous goes back, and the first page needs no parameter.
      await status.goto(`?team=${NS}&sort=name&per=10&page=2`);
      await expect(status.pager.getByTestId("pager-position")).toContainText("Page 2 of");
      await status.pager.getByRole("button", { name: "Previous" }).click();
      await expect(status.pager.getByTestId("pager-position")).toContainText("Page 1 of");
      await expect(page).not.toHaveURL(/[?&]page=/);

      // A new filter or page size starts again at the first page.
      await status.goto(`?team=${NS}&sort=name&per=10&page=2`);
      await page.getByLabel("Rows per page").selectOption("25");
      await expect(page).not.toHaveURL(/[?&]page=/);
      await expect(page).toHaveURL(/[?&]per=25(&|$)/);
      expect((await status.shown()).length).toBeGreaterThanOrEqual(12);
    } finally {
      for (const name of names) await deleteCluster(name);
      await setClusterQuota(NS, hard);
    }
  });
});
