/**
 * The registry client and the team's registry view against the real local registry (Debian
 * docker-registry), plus a real token server on loopback for the Bearer flow and for content the
 * real registry refuses to store (malformed, unknown or huge manifests).
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManifestBody } from "@/app/(console)/teams/[team]/registry/_components/manifest-detail.tsx";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { REGISTRY_USERS, type RunningRegistry, startRegistry } from "@/dev/registry/registry.ts";
import { type SeedResult, seedRegistry } from "@/dev/registry/seed.ts";
import { userErrorFrom } from "@/lib/errors.ts";
import { createTeamRegistry, listRepositories, listTags, manifestView } from "@/lib/registry/browse.ts";
import { compareTags, DistributionClient, TokenCache } from "@/lib/registry/distribution.ts";
import { RegistryError } from "@/lib/registry/errors.ts";
import type { TagRow } from "@/lib/registry/types.ts";
import { inEnglish } from "./support/intl.tsx";

const account = (name: string) => {
  const u = REGISTRY_USERS.find((x) => x.username === name);
  if (!u) throw new Error(`no account ${name}`);
  return u;
};
const admin = account("kaas-admin");
const robotA = account("team-a-robot");
const basic = (u: { username: string; password: string }) =>
  `Basic ${Buffer.from(`${u.username}:${u.password}`).toString("base64")}`;
// The local registry and the stubs answer plain http on loopback: every connection here says so.
const loopback = { insecure: true, allowPrivate: true } as const;
const sha256 = (b: Buffer | string) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const EMPTY_CONFIG = "application/vnd.oci.empty.v1+json";

let dataDir: string;
let registry: RunningRegistry;
let seeded: SeedResult;
/** Tag → digest of what the test pushed to team-a/many. */
const manyTags = new Map<string, string>();

async function putBlob(repo: string, bytes: Buffer): Promise<string> {
  const digest = sha256(bytes);
  const start = await fetch(`${registry.url}/v2/${repo}/blobs/uploads/`, {
    method: "POST",
    headers: { authorization: basic(admin) },
  });
  expect(start.status).toBe(202);
  const target = new URL(start.headers.get("location") ?? "", registry.url);
  target.searchParams.set("digest", digest);
  const put = await fetch(target, {
    method: "PUT",
    body: new Uint8Array(bytes),
    headers: { authorization: basic(admin), "content-type": "application/octet-stream" },
  });
  expect(put.status).toBe(201);
  return digest;
}

async function putManifest(repo: string, tag: string, manifest: unknown, mediaType = OCI_MANIFEST) {
  const body = Buffer.from(JSON.stringify(manifest));
  const res = await fetch(`${registry.url}/v2/${repo}/manifests/${tag}`, {
    method: "PUT",
    body: new Uint8Array(body),
    headers: { authorization: basic(admin), "content-type": mediaType },
  });
  if (res.status !== 201) throw new Error(`push ${repo}:${tag}: ${res.status} ${await res.text()}`);
  return sha256(body);
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "kaas-registry-it-"));
  registry = await startRegistry({ port: 0, dataDir });
  seeded = await seedRegistry(registry.url, admin);

  // 250 tiny manifests in the test's own repository: one shared empty config and one small
  // layer, each manifest made unique by an annotation, so every tag has its own digest.
  const config = Buffer.from("{}");
  const layer = Buffer.from("kaas layer\n");
  const configDigest = await putBlob("team-a/many", config);
  const layerDigest = await putBlob("team-a/many", layer);
  for (let i = 0; i < 250; i++) {
    // Mixed shapes, so order is more than string order: 1.2.0 … 1.2.249 and a few words.
    const tag = i % 50 === 0 ? `build-${i}` : `1.2.${i}`;
    const digest = await putManifest("team-a/many", tag, {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: "application/vnd.kaas.test",
      config: { mediaType: EMPTY_CONFIG, digest: configDigest, size: config.length },
      layers: [{ mediaType: "application/octet-stream", digest: layerDigest, size: layer.length }],
      annotations: { "org.example.tag": tag },
    });
    manyTags.set(tag, digest);
  }

  // An image whose annotations try to be markup and a script link.
  await putBlob("team-a/hostile", config);
  await putBlob("team-a/hostile", layer);
  await putManifest("team-a/hostile", "1.0", {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: EMPTY_CONFIG, digest: configDigest, size: config.length },
    layers: [{ mediaType: "application/octet-stream", digest: layerDigest, size: layer.length }],
    annotations: {
      "org.opencontainers.image.description": "<script>alert('pwned')</script><img src=x onerror=alert(2)>",
      "org.opencontainers.image.url": "javascript:alert(document.domain)",
      "org.opencontainers.image.documentation": "https://docs.example.com/hostile",
    },
  });
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const teamA = () =>
  createTeamRegistry({
    key: "it-team-a",
    ...loopback,
    kind: "oci",
    url: registry.url,
    repositoryPrefix: "team-a/",
    credentials: robotA,
  });

describe("tag paging over 250 tags", () => {
  it("returns each tag exactly once, in order, page after page", async () => {
    const reg = teamA();
    const expected = [...manyTags.keys()].sort(compareTags);
    const seen: TagRow[] = [];
    let pages = 0;
    for (let page = 1; ; page++) {
      const result = await listTags(reg, "team-a/many", { sort: "name", page }, 25);
      pages++;
      expect(result.total).toBe(250);
      expect(result.items.length).toBeLessThanOrEqual(25);
      seen.push(...result.items);
      if (!result.hasNext) break;
    }
    expect(pages).toBe(10);
    const tags = seen.map((r) => r.tags[0]);
    expect(new Set(tags).size).toBe(250);
    expect(tags).toEqual(expected);
    expect(tags.slice(0, 3)).toEqual(["1.2.1", "1.2.2", "1.2.3"]);
    expect(tags.indexOf("1.2.9")).toBeLessThan(tags.indexOf("1.2.10"));
    // Every row shows what the registry holds for that tag.
    for (const row of seen) expect(row.digest).toBe(manyTags.get(row.tags[0] ?? ""));
    expect(seen.every((r) => r.problem === undefined)).toBe(true);

    const descending: string[] = [];
    for (let page = 1; page <= 10; page++) {
      const result = await listTags(reg, "team-a/many", { sort: "-name", page }, 25);
      descending.push(...result.items.map((r) => r.tags[0] ?? ""));
    }
    expect(descending).toEqual([...expected].reverse());
    // A page past the end is empty, not an error.
    expect((await listTags(reg, "team-a/many", { sort: "name", page: 11 }, 25)).items).toEqual([]);
  });

  it("follows the catalog's n/last paging and Link headers without repeating a repository", async () => {
    const client = new DistributionClient({ baseUrl: registry.url, credentials: robotA, ...loopback });
    const names: string[] = [];
    let last: string | undefined;
    for (let i = 0; i < 50; i++) {
      const page = await client.catalogPage({ n: 2, last });
      expect(page.items.length).toBeLessThanOrEqual(2);
      names.push(...page.items);
      if (!page.next) break;
      last = page.next;
    }
    expect(names).toEqual([...new Set(names)]);
    expect(names).toEqual(
      [
        "team-a/api",
        "team-a/hostile",
        "team-a/many",
        "team-a/tools/cli",
        "team-a/web",
        "team-b/worker",
      ].sort(),
    );
  });
});

describe("team scope", () => {
  it("lists only the team's repositories and refuses others", async () => {
    const reg = teamA();
    const page = await listRepositories(reg, { sort: "name", page: 1 });
    expect(page.items.map((r) => r.name)).toEqual([
      "team-a/api",
      "team-a/hostile",
      "team-a/many",
      "team-a/tools/cli",
      "team-a/web",
    ]);
    expect(page.items.find((r) => r.name === "team-a/web")?.tagCount).toBe(3);
    const search = await listRepositories(reg, { q: "CLI", sort: "name", page: 1 });
    expect(search.items.map((r) => r.name)).toEqual(["team-a/tools/cli"]);
    for (const name of ["team-b/worker", "team-a/../team-b/worker", "team-ab/x"]) {
      await expect(listTags(reg, name, { sort: "name", page: 1 })).rejects.toMatchObject({
        kind: "not_found",
      });
      await expect(manifestView(reg, name, "3.1.0")).rejects.toMatchObject({ kind: "not_found" });
    }
  });

  it("shows each platform of a multi-platform tag with the digest and size the seed pushed", async () => {
    const view = await manifestView(teamA(), "team-a/api", "2.0.0");
    const expected = seeded.tags.find((t) => t.repository === "team-a/api" && t.tag === "2.0.0");
    expect(view.kind).toBe("index");
    expect(view.digest).toBe(expected?.digest);
    expect(view.platforms.map((p) => [p.platform, p.digest, p.size])).toEqual(
      expected?.platforms.map((p) => [
        [p.os, p.architecture, p.variant].filter(Boolean).join("/"),
        p.digest,
        p.size,
      ]),
    );
    expect(view.pull).toEqual({
      byTag: `${new URL(registry.url).host}/team-a/api:2.0.0`,
      byDigest: `${new URL(registry.url).host}/team-a/api@${expected?.digest}`,
    });
    expect(view.referrers).toEqual({ source: "none", items: [] });
  });
});

describe("untrusted image metadata", () => {
  it("renders a <script> annotation as text and links only http(s) values", async () => {
    const view = await manifestView(teamA(), "team-a/hostile", "1.0");
    expect(view.annotations["org.opencontainers.image.description"]).toContain("<script>");
    const html = renderToStaticMarkup(
      inEnglish(createElement(ManifestBody, { team: "team-a", kind: "oci", view })),
    );
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain(
      "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;",
    );
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain("javascript:alert(document.domain)");
    expect(html).toContain('href="https://docs.example.com/hostile"');
  });
});

/**
 * A registry front with the Docker token flow: challenges with `WWW-Authenticate: Bearer`, issues
 * scoped tokens at /token for the right basic credentials, and proxies authorized calls to the real
 * registry. It also serves content the real registry would refuse to store.
 */
class TokenRegistry {
  server!: Server;
  url = "";
  issued: { scope: string }[] = [];
  challenges = 0;
  readonly #tokens = new Map<string, { scope: string; expires: number }>();
  expiresIn = 3600;

  async start(upstream: string) {
    this.server = createServer((req, res) => {
      this.#handle(req, res, upstream).catch((err: unknown) => {
        res.writeHead(500);
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse, upstream: string) {
    const url = new URL(req.url ?? "/", this.url);
    if (url.pathname === "/token") {
      if (req.headers.authorization !== basic(robotA)) {
        res.writeHead(401, { "content-type": "application/json" });
        res.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
        return;
      }
      const scope = url.searchParams.getAll("scope").join(" ");
      const token = `tok-${this.issued.length}-${Math.random().toString(36).slice(2)}`;
      this.issued.push({ scope });
      this.#tokens.set(token, { scope, expires: Date.now() + this.expiresIn * 1000 });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ token, expires_in: this.expiresIn, issued_at: new Date().toISOString() }));
      return;
    }
    const repo = /^\/v2\/(.+?)\/(?:manifests|blobs|tags|referrers)\//.exec(url.pathname)?.[1];
    const needed = repo ? `repository:${repo}:pull` : "registry:catalog:*";
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const grant = bearer ? this.#tokens.get(bearer) : undefined;
    if (!grant || grant.expires < Date.now() || !grant.scope.split(" ").includes(needed)) {
      this.challenges++;
      res.writeHead(401, {
        "www-authenticate": `Bearer realm="${this.url}/token",service="kaas-test",scope="${needed}"`,
        "content-type": "application/json",
      });
      res.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      return;
    }
    if (url.pathname === "/v2/team-a/broken/manifests/1.0") {
      res.writeHead(200, { "content-type": OCI_MANIFEST });
      res.end('{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": ');
      return;
    }
    if (url.pathname === "/v2/team-a/weird/manifests/1.0") {
      res.writeHead(200, { "content-type": "application/vnd.example.thing+json" });
      res.end(
        '{"schemaVersion": 2, "mediaType": "application/vnd.example.thing+json", "stuff": "<b>hi</b>"}',
      );
      return;
    }
    if (url.pathname === "/v2/team-a/huge/manifests/1.0") {
      // No Content-Length: the limit must hold while reading, too.
      res.writeHead(200, { "content-type": OCI_MANIFEST, "transfer-encoding": "chunked" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      for (let i = 0; i < 100; i++) res.write(chunk);
      res.end();
      return;
    }
    const proxied = await fetch(`${upstream}${url.pathname}${url.search}`, {
      method: req.method,
      headers: { authorization: basic(admin), ...(req.headers.accept ? { accept: req.headers.accept } : {}) },
    });
    const headers: Record<string, string> = {};
    for (const h of ["content-type", "docker-content-digest", "link"]) {
      const v = proxied.headers.get(h);
      if (v) headers[h] = v;
    }
    res.writeHead(proxied.status, headers);
    res.end(Buffer.from(await proxied.arrayBuffer()));
  }
}

describe("the Docker token flow", () => {
  const front = new TokenRegistry();
  beforeAll(() => front.start(registry.url));
  afterAll(() => front.stop());

  it("answers a 401 challenge with a token, reuses it until it expires, and re-scopes per repository", async () => {
    const tokens = new TokenCache();
    const client = new DistributionClient({
      baseUrl: front.url,
      credentials: robotA,
      tokenCache: tokens,
      ...loopback,
    });
    const web = await client.manifest("team-a/web", "1.1.0");
    const expected = seeded.tags.find((t) => t.repository === "team-a/web" && t.tag === "1.1.0");
    expect(web.digest).toBe(expected?.digest);
    expect(front.issued).toEqual([{ scope: "repository:team-a/web:pull" }]);
    expect(front.challenges).toBe(1);

    // Cached: the next calls on the same repository go straight through.
    await client.manifest("team-a/web", "1.0.0");
    expect((await client.allTags("team-a/web")).sort()).toEqual(["1.0.0", "1.1.0", "latest"]);
    expect(front.issued).toHaveLength(1);
    expect(front.challenges).toBe(1);

    // Another repository needs another scope: one more challenge, one more token.
    await client.manifest("team-a/api", "2.0.0");
    expect(front.issued.map((i) => i.scope)).toEqual([
      "repository:team-a/web:pull",
      "repository:team-a/api:pull",
    ]);

    // A token past its lifetime is not used again.
    front.expiresIn = 11; // the client renews 10 s early, so this one is kept for 1 s
    const short = new DistributionClient({
      baseUrl: front.url,
      ...loopback,
      credentials: robotA,
      tokenCache: new TokenCache(),
    });
    await short.manifest("team-a/web", "1.1.0");
    const before = front.issued.length;
    await new Promise((r) => setTimeout(r, 1100));
    await short.manifest("team-a/web", "1.1.0");
    expect(front.issued.length).toBe(before + 1);
  });

  it("reports wrong credentials as unauthorized, never echoing the secret", async () => {
    const client = new DistributionClient({
      baseUrl: front.url,
      ...loopback,
      credentials: { username: "team-a-robot", password: "wrong-secret" },
      tokenCache: new TokenCache(),
    });
    const err = await client.manifest("team-a/web", "1.1.0").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ kind: "unauthorized" });
    expect(String((err as Error).message)).not.toContain("wrong-secret");
    expect(userErrorFrom(err).code).toBe("unauthorized:registry");
  });

  it("shows malformed and unknown manifests as such, and refuses huge ones", async () => {
    const reg = createTeamRegistry({
      key: "it-token",
      ...loopback,
      kind: "oci",
      url: front.url,
      repositoryPrefix: "team-a",
      credentials: robotA,
    });
    const broken = await manifestView(reg, "team-a/broken", "1.0");
    expect(broken).toMatchObject({ kind: "unsupported", reason: { key: "notJson" } });
    const weird = await manifestView(reg, "team-a/weird", "1.0");
    expect(weird).toMatchObject({ kind: "unsupported", mediaType: "application/vnd.example.thing+json" });
    const html = renderToStaticMarkup(
      inEnglish(createElement(ManifestBody, { team: "team-a", kind: "oci", view: weird })),
    );
    expect(html).toContain("The console does not know this manifest type.");
    const huge = await manifestView(reg, "team-a/huge", "1.0").catch((e: unknown) => e);
    expect(huge).toMatchObject({ kind: "too_large" });
    expect(userErrorFrom(huge).code).toBe("bad_response:registry");
    // A tag row with such a manifest says what is wrong instead of failing the list.
    expect(
      (await listTags(reg, "team-a/web", { sort: "name", page: 1 })).items.map((r) => r.tags[0]),
    ).toEqual(["1.0.0", "1.1.0", "latest"]);
  });
});

describe("a registry that is down", () => {
  it("fails fast with an error that says what to do", async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const reg = createTeamRegistry({
      key: "it-down",
      ...loopback,
      kind: "oci",
      url: `http://127.0.0.1:${port}`,
      repositoryPrefix: "team-a/",
      credentials: robotA,
    });
    const err = await listRepositories(reg, { sort: "name", page: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "unavailable" });
    const shown = userErrorFrom(err);
    expect(shown).toMatchObject({ code: "unavailable:registry", title: "The registry is unavailable" });
    const html = renderToStaticMarkup(inEnglish(createElement(ErrorPanel, { error: shown })));
    expect(html).toContain('role="alert"');
    expect(html).toContain("Try again in a minute");
  });

  it("gives up on a registry that accepts connections but never answers", async () => {
    const sockets: import("node:net").Socket[] = [];
    const hung = createServer();
    hung.on("connection", (s) => sockets.push(s));
    await new Promise<void>((resolve) => hung.listen(0, "127.0.0.1", resolve));
    const reg = createTeamRegistry({
      key: "it-hung",
      ...loopback,
      kind: "oci",
      url: `http://127.0.0.1:${(hung.address() as AddressInfo).port}`,
      repositoryPrefix: "team-a/",
      credentials: robotA,
      timeoutMs: 500,
    });
    const started = Date.now();
    const err = await manifestView(reg, "team-a/web", "1.0.0").catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "unavailable" });
    expect(Date.now() - started).toBeLessThan(3000);
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => hung.close(() => resolve()));
  });
});
