import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REGISTRY_USERS, type RunningRegistry, startRegistry } from "./registry.ts";
import { type SeedResult, seedRegistry } from "./seed.ts";

const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

function account(username: string) {
  const found = REGISTRY_USERS.find((u) => u.username === username);
  if (!found) throw new Error(`no registry account ${username}`);
  return found;
}

const admin = account("kaas-admin");
const basic = (u: { username: string; password: string }) =>
  `Basic ${Buffer.from(`${u.username}:${u.password}`).toString("base64")}`;

let dataDir: string;
let registry: RunningRegistry;
let seeded: SeedResult;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "kaas-registry-"));
  registry = await startRegistry({ port: 0, dataDir });
  seeded = await seedRegistry(registry.url, admin);
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function get(pathname: string, accept?: string, user: { username: string; password: string } = admin) {
  return fetch(`${registry.url}${pathname}`, {
    headers: { authorization: basic(user), ...(accept ? { accept } : {}) },
  });
}

function seededTag(repository: string, tag: string) {
  const found = seeded.tags.find((t) => t.repository === repository && t.tag === tag);
  if (!found) throw new Error(`seed result has no ${repository}:${tag}`);
  return found;
}

describe("local registry", () => {
  it("lists the seeded repositories and tags", async () => {
    const catalog = await (await get("/v2/_catalog")).json();
    expect(catalog.repositories).toEqual(["team-a/api", "team-a/tools/cli", "team-a/web", "team-b/worker"]);
    expect(seeded.repositories).toEqual(catalog.repositories);

    // distribution 2.8 does not sort tags, so neither may its clients assume it.
    const tags = await (await get("/v2/team-a/web/tags/list")).json();
    expect(tags.name).toBe("team-a/web");
    expect([...tags.tags].sort()).toEqual(["1.0.0", "1.1.0", "latest"]);
    expect(seededTag("team-a/web", "latest").digest).toBe(seededTag("team-a/web", "1.1.0").digest);
  });

  it("serves team-a/api:2.0.0 as an OCI index of two platforms", async () => {
    const expected = seededTag("team-a/api", "2.0.0");
    const res = await get("/v2/team-a/api/manifests/2.0.0", OCI_INDEX);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(OCI_INDEX);
    expect(res.headers.get("docker-content-digest")).toBe(expected.digest);
    const body = Buffer.from(await res.arrayBuffer());
    expect(`sha256:${createHash("sha256").update(body).digest("hex")}`).toBe(expected.digest);

    const index = JSON.parse(body.toString()) as {
      manifests: { digest: string; mediaType: string; platform: { os: string; architecture: string } }[];
    };
    expect(index.manifests).toHaveLength(2);
    expect(index.manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`)).toEqual([
      "linux/amd64",
      "linux/arm64",
    ]);
    expect(index.manifests.map((m) => m.digest)).toEqual(expected.platforms.map((p) => p.digest));

    // Each platform's size is its config plus layers, and the platforms differ.
    for (const platform of expected.platforms) {
      const manifest = await (await get(`/v2/team-a/api/manifests/${platform.digest}`, OCI_MANIFEST)).json();
      const size = [manifest.config, ...manifest.layers].reduce(
        (sum: number, d: { size: number }) => sum + d.size,
        0,
      );
      expect(size).toBe(platform.size);
    }
    expect(new Set(expected.platforms.map((p) => p.size)).size).toBe(2);

    const amd64 = await get("/v2/team-a/api/manifests/2.0.0-amd64", OCI_MANIFEST);
    expect(amd64.headers.get("docker-content-digest")).toBe(expected.platforms[0]?.digest);
  });

  it("serves the nested Docker schema 2 image and real layers", async () => {
    const expected = seededTag("team-a/tools/cli", "0.1.0");
    expect(expected.mediaType).toBe(DOCKER_MANIFEST);
    const res = await get("/v2/team-a/tools/cli/manifests/0.1.0", DOCKER_MANIFEST);
    expect(res.headers.get("content-type")).toBe(DOCKER_MANIFEST);
    expect(res.headers.get("docker-content-digest")).toBe(expected.digest);
    const manifest = (await res.json()) as { config: { digest: string } };

    const config = await (await get(`/v2/team-a/tools/cli/blobs/${manifest.config.digest}`)).json();
    expect(config.config.Labels["org.opencontainers.image.version"]).toBe("0.1.0");
    expect(config.config.Labels["org.opencontainers.image.description"]).toContain(
      "<script>alert(1)</script>",
    );
    expect(config.rootfs.diff_ids).toHaveLength(1);
  });

  it("refuses anonymous and wrong credentials", async () => {
    const anonymous = await fetch(`${registry.url}/v2/_catalog`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Basic realm=/);

    const wrong = await get("/v2/_catalog", undefined, { username: admin.username, password: "wrong" });
    expect(wrong.status).toBe(401);
  });

  it("gives every htpasswd account every repository (the console must scope by prefix)", async () => {
    const res = await get("/v2/team-b/worker/tags/list", undefined, account("team-a-robot"));
    expect(res.status).toBe(200);
  });

  it("re-seeds idempotently with the same digests", async () => {
    const again = await seedRegistry(registry.url, admin);
    expect(again.uploaded).toBe(0);
    expect(again.tags).toEqual(seeded.tags);
  });
});
