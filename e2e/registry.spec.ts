import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import { RepositoriesPage, RepositoryTagsPage } from "./pages/registry-pages.ts";

/** The local registry the world started (dev/e2e.ts passes its URL) and team A's read account. */
const REGISTRY_URL = process.env.E2E_REGISTRY_URL ?? "";
const TEAM_A_ROBOT = `Basic ${Buffer.from("team-a-robot:team-a-robot-dev").toString("base64")}`;
const ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

type Descriptor = {
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
};

/** What the registry's own API says about a tag: each platform's digest and size (config + layers). */
async function registryPlatforms(request: APIRequestContext, repository: string, tag: string) {
  const get = async (ref: string) => {
    const res = await request.get(`${REGISTRY_URL}/v2/${repository}/manifests/${ref}`, {
      headers: { authorization: TEAM_A_ROBOT, accept: ACCEPT },
    });
    expect(res.status(), `${repository}@${ref}`).toBe(200);
    return { digest: res.headers()["docker-content-digest"], body: await res.json() };
  };
  const index = await get(tag);
  const entries = index.body.manifests as Descriptor[];
  return {
    digest: index.digest ?? "",
    platforms: await Promise.all(
      entries.map(async (entry) => {
        const m = (await get(entry.digest)).body as { config: Descriptor; layers: Descriptor[] };
        const p = entry.platform;
        return {
          platform: [p?.os, p?.architecture, p?.variant].filter(Boolean).join("/"),
          digest: entry.digest,
          size: m.config.size + m.layers.reduce((sum, l) => sum + l.size, 0),
        };
      }),
    ),
  };
}

test.describe("registry browsing", () => {
  test.beforeAll(() => {
    expect(REGISTRY_URL, "run through dev/e2e.ts, which sets E2E_REGISTRY_URL").not.toBe("");
  });

  test("alice browses team-a's images, checks a multi-platform tag and copies its pull reference", async ({
    asUser,
    request,
  }) => {
    const page = await asUser("alice");
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto("/");
    await page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: "Registry" }).click();

    const repos = new RepositoriesPage(page);
    await expect(repos.heading).toBeVisible();
    expect(await repos.names()).toEqual(["team-a/api", "team-a/tools/cli", "team-a/web"]);
    await expect(page.getByText("team-b/worker")).toHaveCount(0);
    await expect(repos.rows.filter({ hasText: "team-a/web" }).getByRole("cell").nth(1)).toHaveText("3");
    await repos.search("cli");
    expect(await repos.names()).toEqual(["team-a/tools/cli"]);
    await repos.goto("team-a");

    const tags = await repos.open("team-a/api");
    expect(await tags.tags()).toEqual(["2.0.0", "2.0.0-amd64"]);
    await expect(tags.row("2.0.0").getByRole("cell").nth(3)).toHaveText("linux/amd64, linux/arm64/v8");

    const tag = await tags.open("2.0.0");
    const truth = await registryPlatforms(request, "team-a/api", "2.0.0");
    expect(truth.platforms).toHaveLength(2);
    await expect(page.getByTestId("manifest-digest")).toHaveText(truth.digest);
    expect(await tag.platformFacts()).toEqual(truth.platforms);
    for (const p of truth.platforms) {
      await expect(tag.platform(p.platform).getByTestId("layer-row")).toHaveCount(2);
      await expect(tag.platform(p.platform).getByTestId("platform-size")).toContainText(
        `${p.size.toLocaleString("en")} bytes`,
      );
    }

    // Image labels are text: the seed's <script> label shows as written and runs nothing.
    await expect(tag.label("linux/amd64", "org.opencontainers.image.description")).toHaveText(
      "Demo image api <script>alert(1)</script>",
    );

    const host = new URL(REGISTRY_URL).host;
    expect(await tag.copy("Copy docker pull by digest")).toBe(
      `docker pull ${host}/team-a/api@${truth.digest}`,
    );
    expect(await tag.copy("Copy reference by tag")).toBe(`${host}/team-a/api:2.0.0`);
    expect(dialogs).toEqual([]);
  });

  test("tags sort on the server and a Docker v2 image shows its one platform", async ({ asUser }) => {
    const page = await asUser("bob");
    await page.goto("/teams/team-a/registry/team-a/web");
    const tags = new RepositoryTagsPage(page);
    await expect(tags.heading("team-a/web")).toBeVisible();
    expect(await tags.tags()).toEqual(["1.0.0", "1.1.0", "latest"]);
    await tags.sortByTag();
    await expect(page).toHaveURL(/sort=-name/);
    expect(await tags.tags()).toEqual(["latest", "1.1.0", "1.0.0"]);
    await expect(tags.row("latest").getByRole("cell").nth(1)).toHaveText(
      (await tags.row("1.1.0").getByRole("cell").nth(1).textContent()) ?? "",
    );

    await page.goto("/teams/team-a/registry/team-a/tools/cli/-/0.1.0");
    await expect(page.getByTestId("manifest-summary")).toContainText(
      "application/vnd.docker.distribution.manifest.v2+json",
    );
    await expect(page.getByTestId("platform")).toHaveCount(1);
    await expect(page.getByTestId("platform")).toHaveAttribute("data-platform", "linux/amd64");
  });

  test("alice cannot see team-b's repositories through any URL", async ({ asUser }) => {
    const page = await asUser("alice");
    const paths = [
      "/teams/team-b/registry",
      "/teams/team-b/registry/team-b/worker",
      "/teams/team-a/registry/team-b/worker",
      "/teams/team-a/registry/team-b/worker/-/3.1.0",
      "/teams/team-a/registry/team-a%2F..%2Fteam-b%2Fworker",
      "/teams/team-a/registry/team-a/%2E%2E/team-b/worker",
      "/teams/team-a/registry/team-a/web%2F..%2F..%2Fteam-b%2Fworker/-/3.1.0",
      "/teams/team-a/registry/team-a/web/-/..%2F..%2Fteam-b%2Fworker%2F-%2F3.1.0",
      "/teams/team-a/registry/TEAM-B/worker",
      "/teams/team-a/registry/team-a",
    ];
    for (const path of paths) {
      const res = await page.request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(404);
      // The 404 page echoes the route (the URL is the user's own input), but nothing from the
      // registry: no digest, no tag row, no image metadata.
      const body = await res.text();
      expect(body, path).toContain("NEXT_HTTP_ERROR_FALLBACK;404");
      for (const leak of ["sha256:", "tag-row", "repository-row", "Demo image worker", "3.0.0"]) {
        expect(body, `${path} leaks ${leak}`).not.toContain(leak);
      }
    }
  });

  test("carol sees team-b's image, and a javascript: label is text, not a link", async ({ asUser }) => {
    const page = await asUser("carol");
    await page.goto("/teams/team-b/registry");
    expect(await new RepositoriesPage(page).names()).toEqual(["team-b/worker"]);
    await page.goto("/teams/team-b/registry/team-b/worker/-/3.1.0");
    const value = page
      .getByTestId("platform-labels")
      .locator('tr[data-key="org.opencontainers.image.url"] td')
      .nth(1);
    await expect(value).toHaveText("javascript:alert(document.domain)");
    await expect(value.getByRole("link")).toHaveCount(0);
    const source = page
      .getByTestId("platform-labels")
      .locator('tr[data-key="org.opencontainers.image.source"] td');
    await expect(source.getByRole("link")).toHaveAttribute("href", "https://git.example.com/team-b/worker");
    const res = await page.request.get("/teams/team-b/registry/team-a/api", { maxRedirects: 0 });
    expect(res.status()).toBe(404);
  });
});
