import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import type { DemoUserName } from "./pages/login-page.ts";

/**
 * The RBAC matrix of the pages holds for the API: each demo user gets, through `/api/v1` (with
 * their console session, as a browser script would), the answer the pages give them: the team's
 * pages open for its members and answer 404 to others; a viewer reads but every change is refused
 * by the API server; a member changes clusters but gets no admin kubeconfig. Changes are dry runs.
 */
const CLUSTER = "web-prod";
const CLASS = "inmemory-scs-1-35-v1";

type Row = {
  page: number;
  list: number;
  get: number;
  create: number;
  scale: number;
  remove: number;
  adminKubeconfig: number;
  registryPage: number;
  registry: number;
  adminPage: number;
  adminList: number;
  adminCreate: number;
};

/** Nobody of a team is a platform admin: the admin pages and the admin API answer 404 alike. */
const NOT_ADMIN = { adminPage: 404, adminList: 404, adminCreate: 404 };

const EXPECTED: Record<"bob" | "erin" | "carol" | "dave", Row> = {
  bob: {
    page: 200,
    list: 200,
    get: 200,
    create: 200,
    scale: 200,
    remove: 200,
    adminKubeconfig: 403,
    registryPage: 200,
    registry: 200,
    ...NOT_ADMIN,
  },
  erin: {
    page: 200,
    list: 200,
    get: 200,
    create: 403,
    scale: 403,
    remove: 403,
    adminKubeconfig: 403,
    registryPage: 200,
    registry: 200,
    ...NOT_ADMIN,
  },
  carol: {
    page: 404,
    list: 404,
    get: 404,
    create: 404,
    scale: 404,
    remove: 404,
    adminKubeconfig: 404,
    registryPage: 404,
    registry: 404,
    ...NOT_ADMIN,
  },
  dave: {
    page: 404,
    list: 404,
    get: 404,
    create: 404,
    scale: 404,
    remove: 404,
    adminKubeconfig: 404,
    registryPage: 404,
    registry: 404,
    ...NOT_ADMIN,
  },
};

async function answers(page: Page): Promise<Row> {
  const base = process.env.E2E_BASE_URL ?? "http://localhost:3100";
  const write = { origin: new URL(base).origin, "content-type": "application/json" };
  const api = `/api/v1/teams/team-a/clusters`;
  const pageRes = await page.goto("/teams/team-a/clusters");
  const list = await page.request.get(api);
  const get = await page.request.get(`${api}/${CLUSTER}`);
  const detail = get.ok()
    ? ((await get.json()) as {
        fingerprint: string;
        scale: { controlPlaneReplicas: number; workers: unknown[] };
      })
    : null;
  const create = await page.request.post(`${api}?dryRun=true`, {
    headers: write,
    data: JSON.stringify({
      name: `rbac-${Math.random().toString(36).slice(2, 7)}`,
      className: CLASS,
      version: "v1.35.3",
      controlPlaneReplicas: 1,
      workers: [{ name: "md-0", class: "default-worker", replicas: 1 }],
    }),
  });
  const scale = await page.request.post(`${api}/${CLUSTER}/scale?dryRun=true`, {
    headers: { ...write, "if-match": `"${detail?.fingerprint ?? "unknown-fingerprint"}"` },
    data: JSON.stringify(
      detail
        ? { ...detail.scale, controlPlaneReplicas: detail.scale.controlPlaneReplicas === 1 ? 3 : 1 }
        : { controlPlaneReplicas: 1, workers: [] },
    ),
  });
  const remove = await page.request.delete(`${api}/${CLUSTER}?dryRun=true`, {
    headers: { origin: write.origin },
  });
  const kubeconfig = await page.request.get(`${api}/${CLUSTER}/kubeconfig?type=admin`);
  const registryPage = await page.goto("/teams/team-a/registry");
  const registry = await page.request.get("/api/v1/teams/team-a/registry/repositories");
  const adminPage = await page.goto("/admin");
  const adminList = await page.request.get("/api/v1/admin/teams");
  const adminCreate = await page.request.post("/api/v1/admin/teams", {
    headers: write,
    data: JSON.stringify({
      slug: `rbac-${Math.random().toString(36).slice(2, 7)}`,
      displayName: "RBAC",
      adminGroups: "",
      memberGroups: "",
      viewerGroups: "",
      maxClusters: "",
      maxWorkerNodes: "",
    }),
  });
  return {
    page: pageRes?.status() ?? 0,
    list: list.status(),
    get: get.status(),
    create: create.status(),
    scale: scale.status(),
    remove: remove.status(),
    adminKubeconfig: kubeconfig.status(),
    registryPage: registryPage?.status() ?? 0,
    registry: registry.status(),
    adminPage: adminPage?.status() ?? 0,
    adminList: adminList.status(),
    adminCreate: adminCreate.status(),
  };
}

test.describe("the API keeps the pages' RBAC matrix", () => {
  for (const user of Object.keys(EXPECTED) as (keyof typeof EXPECTED)[]) {
    test(`${user}`, async ({ asUser }) => {
      const page = await asUser(user as DemoUserName);
      const row = await answers(page);
      // For the record (README "API and CLI"): what each user got, page and API side by side.
      console.log(`rbac ${user} ${JSON.stringify(row)}`);
      expect(row).toEqual(EXPECTED[user]);
    });
  }

  test("a cookie-authenticated API write from another origin is refused (no CSRF through the API)", async ({
    asUser,
  }) => {
    const page = await asUser("bob");
    const res = await page.request.delete(`/api/v1/teams/team-a/clusters/${CLUSTER}?dryRun=true`, {
      headers: { origin: "https://evil.example" },
    });
    expect(res.status()).toBe(403);
    expect(res.headers()["content-type"]).toContain("application/problem+json");
  });
});
