import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import { TokensPage } from "./pages/tokens-page.ts";
import { clusterExists, deleteClusterIfExists, getClusterObject } from "./support/admin-kube.ts";
import { clusterQuotaHard, deleteNamespace, roleBindingGroups } from "./support/admin-teams.ts";
import { clusterFile, kaas, transcript } from "./support/kaas-cli.ts";
import { OpenApiContract } from "./support/openapi-contract.ts";

const suffix = () => Math.random().toString(36).slice(2, 7);
const CLASS = "inmemory-scs-1-35-v1";

type Answer = { status: number; headers: Record<string, string>; body: unknown; text: string };

/** Calls the API with a bearer token (or none) and checks the answer against the OpenAPI document. */
function apiClient(request: APIRequestContext, contract: OpenApiContract) {
  return async (
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const url = `/api/v1${path}`;
    const res = await request.fetch(url, {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
        ...opts.headers,
      },
      ...(opts.body !== undefined ? { data: JSON.stringify(opts.body) } : {}),
    });
    const text = await res.text();
    const type = res.headers()["content-type"] ?? "";
    const body: unknown = type.includes("json") && text ? JSON.parse(text) : text;
    contract.check(method, url, res.status(), type, body);
    return { status: res.status(), headers: res.headers(), body, text };
  };
}

/**
 * Deletes the test's cluster if it is still there and waits until Cluster API has torn it down:
 * specs after this one count team-a's clusters.
 */
async function goneAfterTeardown(name: string): Promise<void> {
  await deleteClusterIfExists("team-a", name);
  await expect
    .poll(() => clusterExists("team-a", name), { timeout: 3 * 60_000, intervals: [1000] })
    .toBe(false);
}

test.describe("KaaS API and CLI", () => {
  test("a token made on the tokens page drives every route; every answer matches the OpenAPI document", async ({
    asUser,
    request,
  }) => {
    test.setTimeout(6 * 60_000);
    const docRes = await request.get("/api/v1/openapi.json");
    expect(docRes.status()).toBe(200);
    const doc = (await docRes.json()) as Record<string, unknown>;
    expect(doc.openapi).toBe("3.1.0");
    const contract = new OpenApiContract(doc);
    const api = apiClient(request, contract);

    const docs = await request.get("/api/docs");
    expect(docs.status()).toBe(200);
    const html = await docs.text();
    expect(html).toContain("/api/v1/teams/{team}/clusters/{name}/scale");
    expect(html).not.toContain("<script");
    expect(html).toContain('id="problem-412"');

    const page = await asUser("alice");
    const tokens = new TokensPage(page);
    await tokens.goto("team-a");
    const tokenName = `contract-${suffix()}`;
    const token = await tokens.make(tokenName, "admin");
    await expect(tokens.row(tokenName)).toContainText("admin");

    // Who: no token, a wrong token, a token's own team and nothing else.
    expect((await api("GET", "/teams")).status).toBe(401);
    expect((await api("GET", "/teams", { token: "kaas_pat_wrong-wrong-wrong-wrong-wrong" })).status).toBe(
      401,
    );
    const teams = await api("GET", "/teams", { token });
    expect(teams.body).toEqual({ teams: [expect.objectContaining({ slug: "team-a", role: "admin" })] });
    expect(teams.headers["cache-control"]).toContain("no-store");
    expect(teams.headers["access-control-allow-origin"]).toBeUndefined();
    const other = await api("GET", "/teams/team-b/clusters", { token });
    expect(other.status).toBe(404);

    // What `kaas login` needs to start the device flow: answered without a token, nothing secret.
    const signIn = await api("GET", "/auth/cli");
    expect(signIn.status).toBe(200);
    expect(signIn.body).toEqual({
      issuer: expect.stringMatching(/^https?:\/\//),
      clientId: "kaas-cli",
      scope: expect.stringContaining("openid"),
      audience: "kaas-api",
    });

    // The team's registry, paged like the registry pages; nothing outside the team's prefix.
    const repos = await api("GET", "/teams/team-a/registry/repositories", { token });
    expect(repos.status).toBe(200);
    const repoNames = (repos.body as { repositories: { name: string }[] }).repositories.map((r) => r.name);
    expect(repoNames).toEqual(expect.arrayContaining(["team-a/api", "team-a/web", "team-a/tools/cli"]));
    expect(repoNames.every((n) => n.startsWith("team-a/"))).toBe(true);
    const found = await api("GET", "/teams/team-a/registry/repositories?q=tools&page=1", { token });
    expect((found.body as { repositories: { name: string }[] }).repositories.map((r) => r.name)).toEqual([
      "team-a/tools/cli",
    ]);
    const tags = await api("GET", "/teams/team-a/registry/repositories/team-a%2Fapi/tags?sort=-name", {
      token,
    });
    expect(tags.status).toBe(200);
    expect((tags.body as { tags: { tags: string[]; digest?: string }[] }).tags).toContainEqual(
      expect.objectContaining({ tags: ["2.0.0"], digest: expect.stringMatching(/^sha256:/) }),
    );
    expect(
      (await api("GET", "/teams/team-a/registry/repositories/team-b%2Fworker/tags", { token })).status,
    ).toBe(404);
    expect(
      (await api("GET", "/teams/team-a/registry/repositories/team-a%2F..%2Fteam-b%2Fworker/tags", { token }))
        .status,
    ).toBe(422);
    expect((await api("GET", "/teams/team-b/registry/repositories", { token })).status).toBe(404);

    // A personal access token cannot list, make or revoke tokens (only the user's own sign-in can).
    expect((await api("GET", "/teams/team-a/tokens", { token })).status).toBe(403);
    expect(
      (
        await api("POST", "/teams/team-a/tokens", {
          token,
          body: { name: "bred", role: "viewer", expiresInDays: 1, platform: false },
        })
      ).status,
    ).toBe(403);
    expect(
      (await api("DELETE", "/teams/team-a/tokens/00000000-0000-4000-8000-000000000000?name=x", { token }))
        .status,
    ).toBe(403);
    expect(other.headers["content-type"]).toContain("application/problem+json");

    const classes = await api("GET", "/teams/team-a/classes", { token });
    expect(classes.status).toBe(200);
    const offer = (classes.body as { classes: { name: string; versions: string[] }[] }).classes.find(
      (c) => c.name === CLASS,
    );
    expect(offer).toBeTruthy();
    const list = await api("GET", "/teams/team-a/clusters?limit=1", { token });
    expect(list.status).toBe(200);
    expect((list.body as { clusters: unknown[] }).clusters).toHaveLength(1);
    const page2 = await api(
      "GET",
      `/teams/team-a/clusters?limit=1&cursor=${(list.body as { nextCursor: string }).nextCursor}`,
      { token },
    );
    expect(page2.status).toBe(200);
    expect((await api("GET", "/teams/team-a/clusters?limit=0", { token })).status).toBe(422);

    const name = `api-${suffix()}`;
    const body = {
      name,
      className: CLASS,
      version: offer?.versions[0],
      controlPlaneReplicas: 1,
      workers: [{ name: "md-0", class: "default-worker", replicas: 1 }],
    };
    try {
      // Field errors carry their request path.
      const bad = await api("POST", "/teams/team-a/clusters", { token, body: { ...body, name: "Bad_Name" } });
      expect(bad.status).toBe(422);
      expect((bad.body as { errors: { path: string }[] }).errors).toEqual([
        expect.objectContaining({ path: "name" }),
      ]);
      const malformed = await request.post("/api/v1/teams/team-a/clusters", {
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        data: "{not json",
      });
      expect(malformed.status()).toBe(400);

      const dry = await api("POST", "/teams/team-a/clusters?dryRun=true", { token, body });
      expect(dry.status).toBe(200);
      expect((dry.body as { yaml: string }).yaml).toContain(`name: ${name}`);
      // The page's review step offers the same request as a file for the CLI.
      expect((dry.body as { kaas: { command: string } }).kaas.command).toBe(
        `kaas clusters create -f ${name}.kaas.yaml --team team-a`,
      );
      expect(await clusterExists("team-a", name)).toBe(false);

      const key = `create-${name}`;
      const created = await api("POST", "/teams/team-a/clusters", {
        token,
        body,
        headers: { "idempotency-key": key },
      });
      expect(created.status).toBe(201);
      expect(created.headers.location).toBe(`/api/v1/teams/team-a/clusters/${name}`);
      const replay = await api("POST", "/teams/team-a/clusters", {
        token,
        body,
        headers: { "idempotency-key": key },
      });
      expect(replay.status).toBe(201);
      expect(replay.headers["idempotency-replayed"]).toBe("true");
      const reused = await api("POST", "/teams/team-a/clusters", {
        token,
        body: { ...body, controlPlaneReplicas: 3 },
        headers: { "idempotency-key": key },
      });
      expect(reused.status).toBe(422);

      const got = await api("GET", `/teams/team-a/clusters/${name}`, { token });
      expect(got.status).toBe(200);
      const detail = got.body as {
        fingerprint: string;
        scale: { controlPlaneReplicas: number; workers: { name: string; replicas: number }[] };
      };
      expect(got.headers.etag).toBe(`"${detail.fingerprint}"`);
      const scaled = {
        ...detail.scale,
        workers: detail.scale.workers.map((w) => ({ ...w, replicas: 2 })),
      };
      const path = `/teams/team-a/clusters/${name}/scale`;
      expect((await api("POST", path, { token, body: scaled })).status).toBe(428);
      expect(
        (await api("POST", path, { token, body: scaled, headers: { "if-match": '"stale-fingerprint"' } }))
          .status,
      ).toBe(412);
      const dryScale = await api("POST", `${path}?dryRun=true`, {
        token,
        body: scaled,
        headers: { "if-match": got.headers.etag ?? "" },
      });
      expect(dryScale.status).toBe(200);
      expect(dryScale.body).toMatchObject({ dryRun: true });
      const scale = await api("POST", path, {
        token,
        body: scaled,
        headers: { "if-match": got.headers.etag ?? "" },
      });
      expect(scale.status).toBe(200);
      expect((scale.body as { diff: { kind: string; text: string }[] }).diff).toContainEqual({
        kind: "add",
        text: expect.stringContaining("replicas: 2"),
      });
      // The same fingerprint again is stale now.
      expect(
        (await api("POST", path, { token, body: scaled, headers: { "if-match": got.headers.etag ?? "" } }))
          .status,
      ).toBe(412);

      const upgrade = await api("POST", `/teams/team-a/clusters/${name}/upgrade?dryRun=true`, {
        token,
        body: { className: CLASS, version: "v9.9.9" },
        headers: {
          "if-match": (await api("GET", `/teams/team-a/clusters/${name}`, { token })).headers.etag ?? "",
        },
      });
      expect(upgrade.status).toBe(422);

      // Add-ons (team-a is offered the catalog): cert-manager on, reviewed first; a wrong wish changes nothing.
      const addonPath = `/teams/team-a/clusters/${name}/addons/cert-manager`;
      const label = async () =>
        ((await getClusterObject("team-a", name)) as { metadata: { labels?: Record<string, string> } })
          .metadata.labels?.["addons.kaas.scs.community/cert-manager"];
      const dryAddon = await api("PUT", `${addonPath}?dryRun=true`, { token, body: { enabled: true } });
      expect(dryAddon.status).toBe(200);
      expect((dryAddon.body as { kubectl: string[] }).kubectl).toEqual([
        `kubectl label --overwrite -n team-a cluster.cluster.x-k8s.io/${name} addons.kaas.scs.community/cert-manager=enabled`,
      ]);
      expect(await label()).toBeUndefined();
      expect((await api("PUT", addonPath, { token, body: { enabled: "yes" } })).status).toBe(422);
      expect(
        (
          await api("PUT", `/teams/team-a/clusters/${name}/addons/no-such-addon`, {
            token,
            body: { enabled: true },
          })
        ).status,
      ).toBe(422);
      const addonOn = await api("PUT", addonPath, { token, body: { enabled: true } });
      expect(addonOn.status).toBe(200);
      expect((addonOn.body as { dryRun: boolean }).dryRun).toBe(false);
      expect(await label()).toBe("enabled");

      const kc = await api("GET", `/teams/team-a/clusters/${name}/kubeconfig?type=admin`, { token });
      expect([200, 409]).toContain(kc.status);
      expect(
        (await api("GET", `/teams/team-a/clusters/${name}/kubeconfig?type=bogus`, { token })).status,
      ).toBe(422);

      const audit = await api("GET", `/teams/team-a/audit?cluster=${name}&limit=50`, { token });
      expect(audit.status).toBe(200);
      const events = (audit.body as { events: { action: string; via: string; actor: string }[] }).events;
      expect(events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: "cluster.create", via: "api", actor: "oidc:alice" }),
          expect.objectContaining({ action: "cluster.scale", via: "api", actor: "oidc:alice" }),
          expect.objectContaining({ action: "cluster.addon.enable", via: "api", actor: "oidc:alice" }),
        ]),
      );
      expect((await api("GET", "/teams/team-a/audit?cursor=bogus", { token })).status).toBe(400);

      const dryDelete = await api("DELETE", `/teams/team-a/clusters/${name}?dryRun=true`, { token });
      expect(dryDelete.status).toBe(200);
      expect(await clusterExists("team-a", name)).toBe(true);
      const deleted = await api("DELETE", `/teams/team-a/clusters/${name}`, { token });
      expect(deleted.status).toBe(202);
      expect((await api("GET", "/teams/team-a/clusters/no-such-cluster", { token })).status).toBe(404);
    } finally {
      await goneAfterTeardown(name);
    }

    // The live stream takes the same token: headers arrive, the stream stays open (closed here).
    const abort = new AbortController();
    const stream = await fetch(
      new URL(
        "/api/v1/stream?kinds=clusters&namespaces=team-a",
        process.env.E2E_BASE_URL ?? "http://localhost:3100",
      ),
      { headers: { authorization: `Bearer ${token}` }, signal: abort.signal },
    );
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const first = await stream.body?.getReader().read();
    expect(new TextDecoder().decode(first?.value)).toContain("retry:");
    abort.abort();

    // A path the API does not have is a problem, not a page.
    const missing = await request.get("/api/v1/nothing-here", {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(missing.status()).toBe(404);
    expect(missing.headers()["content-type"]).toContain("application/problem+json");

    // Every documented JSON operation was exercised.
    const seen = new Set(contract.checked.map((c) => `${c.method} ${c.template}`));
    for (const [template, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item)) {
        // The stream is read below; platform administration has its own test (it needs a platform admin).
        if (template === "/api/v1/stream" || template.startsWith("/api/v1/admin/")) continue;
        expect(seen, `${method.toUpperCase()} ${template} untested`).toContain(
          `${method.toUpperCase()} ${template}`,
        );
      }
    }
  });

  test("the CLI with a team-a token: create from a file, watch, scale, kubeconfig, delete; audited via API; refused on team-b, for a viewer's write and after revocation", async ({
    asUser,
  }) => {
    test.setTimeout(9 * 60_000);
    const page = await asUser("alice");
    const tokens = new TokensPage(page);
    await tokens.goto("team-a");
    const cliToken = await tokens.make(`cli-${suffix()}`, "admin");
    const viewerName = `viewer-${suffix()}`;
    const viewerToken = await tokens.make(viewerName, "viewer");
    expect(viewerToken).not.toBe(cliToken);

    const home = mkdtempSync(join(tmpdir(), "kaas-cli-"));
    const env = { XDG_CONFIG_HOME: home };
    const server = process.env.E2E_BASE_URL ?? "http://localhost:3100";
    const login = await kaas(["login", "--server", server, "--token", cliToken], env);
    expect(login.stderr).toBe("");
    expect(login.code).toBe(0);
    expect(login.stdout).toContain("team-a: admin");
    const config = join(home, "kaas", "config.json");
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(config, "utf8"))).toEqual({
      server: new URL(server).origin,
      token: cliToken,
    });

    const teams = await kaas(["teams"], env);
    expect(teams.code).toBe(0);
    expect(teams.stdout).toMatch(/team-a\s+.*admin/);
    const classes = await kaas(["classes", "--team", "team-a", "-o", "json"], env);
    expect(classes.code).toBe(0);
    const version = (
      JSON.parse(classes.stdout) as { classes: { name: string; versions: string[] }[] }
    ).classes.find((c) => c.name === CLASS)?.versions[0];

    const name = `cli-${suffix()}`;
    const file = clusterFile(home, { name, className: CLASS, version });
    try {
      const dry = await kaas(["clusters", "create", "-f", file, "--team", "team-a", "--dry-run"], env);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain("Dry run");
      expect(await clusterExists("team-a", name)).toBe(false);

      // The watch follows the stream; the create shows up in it.
      const watching = kaas(["clusters", "watch", "--team", "team-a", "--timeout", "25"], env);
      await new Promise((r) => setTimeout(r, 3_000));
      const created = await kaas(["clusters", "create", "-f", file, "--team", "team-a"], env);
      expect(created.stderr).toBe("");
      expect(created.code).toBe(0);
      const watched = await watching;
      expect(watched.code).toBe(0);
      expect(watched.stdout).toMatch(new RegExp(`(added|modified)\\s+${name}\\s`));

      const again = await kaas(["clusters", "create", "-f", file, "--team", "team-a"], env);
      expect(again.code).toBe(3);
      expect(again.stderr).toContain("exists already");
      expect(again.stderr).toContain("HTTP 409");

      // An upgrade the class does not allow: refused with the field that is wrong, nothing changed.
      const badUpgrade = await kaas(
        ["clusters", "upgrade", name, "--team", "team-a", "--version", "v9.9.9", "--dry-run"],
        env,
      );
      expect(badUpgrade.code).toBe(2);
      expect(badUpgrade.stderr).toContain("version: Not an allowed upgrade");

      const got = await kaas(["clusters", "get", name, "--team", "team-a"], env);
      expect(got.code).toBe(0);
      expect(got.stdout).toContain(name);

      const dryScale = await kaas(
        ["clusters", "scale", name, "--team", "team-a", "--pool", "md-0=2", "--dry-run"],
        env,
      );
      expect(dryScale.code).toBe(0);
      expect(dryScale.stdout).toContain("Dry run: the API server accepts this; nothing changed.");
      const scaled = await kaas(["clusters", "scale", name, "--team", "team-a", "--pool", "md-0=2"], env);
      expect(scaled.stderr).toBe("");
      expect(scaled.code).toBe(0);
      expect(scaled.stdout).toContain("+ ");
      const badPool = await kaas(["clusters", "scale", name, "--team", "team-a", "--pool", "nope=2"], env);
      expect(badPool.code).toBe(1);

      // An add-on from the command line: the issuer alone is refused (it needs cert-manager and an
      // ingress), exit 2; cert-manager is accepted in a dry run; a line that says neither is usage.
      const issuer = await kaas(
        [
          "clusters",
          "addon",
          name,
          "letsencrypt",
          "--team",
          "team-a",
          "--enable",
          "--set",
          "email=ops@example.com",
        ],
        env,
      );
      expect(issuer.code).toBe(2);
      expect(issuer.stderr).toContain("needs cert-manager");
      const dryAddon = await kaas(
        ["clusters", "addon", name, "cert-manager", "--team", "team-a", "--enable", "--dry-run"],
        env,
      );
      expect(dryAddon.code).toBe(0);
      expect(dryAddon.stdout).toMatch(/^\+\s+addons\.kaas\.scs\.community\/cert-manager: enabled$/m);
      expect(dryAddon.stdout).toContain("Dry run: the API server accepts this; nothing changed.");
      expect((await kaas(["clusters", "addon", name, "cert-manager", "--team", "team-a"], env)).code).toBe(1);

      // OIDC kubeconfig needs OIDC settings on the cluster: this one has none (a refusal, exit 2).
      const oidc = await kaas(["clusters", "kubeconfig", name, "--team", "team-a", "--type", "oidc"], env);
      expect(oidc.code).toBe(2);
      expect(oidc.stderr).toContain("no OIDC settings");
      // The admin kubeconfig: issued once the control plane is up (409 before), audited either way.
      const admin = await kaas(["clusters", "kubeconfig", name, "--team", "team-a", "--type", "admin"], env);
      expect([0, 3]).toContain(admin.code);
      if (admin.code === 0) expect(admin.stdout).toContain("kind: Config");

      // Elsewhere: refused as a stranger.
      const b = await kaas(["clusters", "list", "--team", "team-b"], env);
      expect(b.code).toBe(2);
      expect(b.stderr).toContain("HTTP 404");

      // A viewer-capped token reads but does not write.
      const viewerEnv = { XDG_CONFIG_HOME: home, KAAS_VIEWER: "1" };
      const viewerList = await kaas(
        ["clusters", "list", "--team", "team-a", "--token", viewerToken, "--server", server],
        viewerEnv,
      );
      expect(viewerList.code).toBe(0);
      const viewerAdmin = await kaas(
        [
          "clusters",
          "kubeconfig",
          name,
          "--team",
          "team-a",
          "--type",
          "admin",
          "--token",
          viewerToken,
          "--server",
          server,
        ],
        viewerEnv,
      );
      expect(viewerAdmin.code).toBe(2);
      expect(viewerAdmin.stdout).not.toContain("client-key-data");
      const viewerWrite = await kaas(
        ["clusters", "delete", name, "--team", "team-a", "--yes", "--token", viewerToken, "--server", server],
        viewerEnv,
      );
      expect(viewerWrite.code).toBe(2);
      expect(viewerWrite.stderr).toContain("HTTP 403");
      expect(await clusterExists("team-a", name)).toBe(true);

      const deleted = await kaas(["clusters", "delete", name, "--team", "team-a", "--yes"], env);
      expect(deleted.code).toBe(0);

      const audit = await kaas(["audit", "--team", "team-a", "--cluster", name, "-o", "json"], env);
      expect(audit.code).toBe(0);
      const events = (
        JSON.parse(audit.stdout) as {
          events: { action: string; via: string; actor: string; outcome: string }[];
        }
      ).events;
      for (const action of ["cluster.create", "cluster.scale", "cluster.kubeconfig", "cluster.delete"]) {
        expect(events, action).toContainEqual(
          expect.objectContaining({ action, via: "api", actor: "oidc:alice" }),
        );
      }
      expect(events).toContainEqual(
        expect.objectContaining({ action: "cluster.create", outcome: "allowed" }),
      );
      const table = await kaas(["audit", "--team", "team-a", "--cluster", name], env);
      expect(table.stdout).toMatch(/oidc:alice\s+API\s+cluster\.delete/);

      // The audit page says so too.
      await page.goto(`/teams/team-a/audit?cluster=${name}`);
      await expect(page.getByText("via API").first()).toBeVisible();
    } finally {
      await goneAfterTeardown(name);
    }

    // Revoked on the tokens page: the CLI is refused at once.
    await tokens.goto("team-a");
    await tokens.revoke(viewerName);
    const revoked = await kaas(["teams", "--token", viewerToken, "--server", server], env);
    expect(revoked.code).toBe(2);
    expect(revoked.stderr).toContain("HTTP 401");
    console.log(transcript.join("\n"));
  });
  test("platform administration over the API: a platform token and the admin's session work, other tokens get 403; every answer matches the OpenAPI document", async ({
    asUser,
    request,
  }) => {
    test.setTimeout(4 * 60_000);
    const doc = (await (await request.get("/api/v1/openapi.json")).json()) as Record<string, unknown>;
    const contract = new OpenApiContract(doc);
    const api = apiClient(request, contract);
    const base = process.env.E2E_BASE_URL ?? "http://localhost:3100";
    const first = `api-adm-${suffix()}`;
    const second = `api-adm-${suffix()}`;
    const page = await asUser("admin");
    // The admin's console session (a browser script would send the Origin, as the pages do).
    const session = apiClient(page.request, contract);
    const origin = { origin: new URL(base).origin };
    try {
      const made = await session("POST", "/admin/teams", {
        headers: origin,
        body: {
          slug: first,
          displayName: "API admin test",
          adminGroups: "platform-admins",
          memberGroups: "",
          viewerGroups: "",
          maxClusters: 1,
          maxWorkerNodes: "",
        },
      });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ slug: first });
      expect(await clusterQuotaHard(first)).toBe("1");

      // Tokens of the admin, in the team they now administer: one made for the platform, one not.
      const tokens = new TokensPage(page);
      await tokens.goto(first);
      const platform = await tokens.make(`plat-${suffix()}`, "admin", 1, true);
      const plain = await tokens.make(`plain-${suffix()}`, "admin", 1);

      const listed = await api("GET", "/admin/teams", { token: platform });
      expect(listed.status).toBe(200);
      expect((listed.body as { teams: { slug: string }[] }).teams).toContainEqual(
        expect.objectContaining({
          slug: first,
          adminGroups: ["platform-admins"],
          maxClusters: 1,
          clusters: 0,
        }),
      );
      const quotas = await api("PUT", `/admin/teams/${first}/quotas`, {
        token: platform,
        body: { maxClusters: 2, maxWorkerNodes: 8 },
      });
      expect(quotas.status).toBe(200);
      const groups = await api("PUT", `/admin/teams/${first}/groups`, {
        token: platform,
        body: { adminGroups: "platform-admins", memberGroups: "team-b-admins", viewerGroups: "" },
      });
      expect(groups.status).toBe(200);
      expect(await roleBindingGroups(first, "kaas:team-member")).toEqual(["oidc:team-b-admins"]);
      // The team's classes (copied from team-a, then offered), add-ons and registry connection.
      const copied = await api("POST", `/admin/teams/${first}/classes/copy`, {
        token: platform,
        body: { fromNamespace: "team-a", className: CLASS },
      });
      expect(copied.status).toBe(200);
      expect((copied.body as { templates: string[] }).templates.length).toBeGreaterThan(0);
      const offered = await api("PUT", `/admin/teams/${first}/classes`, {
        token: platform,
        body: { entries: [{ kind: "class", name: CLASS }] },
      });
      expect(offered.status).toBe(200);
      const addons = await api("PUT", `/admin/teams/${first}/addons`, {
        token: platform,
        body: { addons: [] },
      });
      expect(addons.status).toBe(200);
      expect(addons.body).toEqual({ added: [], removed: [], updated: [] });
      const registryUrl = process.env.E2E_REGISTRY_URL ?? "";
      expect(registryUrl, "run through dev/e2e.ts, which sets E2E_REGISTRY_URL").not.toBe("");
      const connection = { kind: "oci", url: registryUrl, repositoryPrefix: "team-a", username: null };
      const plainHttp = await api("PUT", `/admin/teams/${first}/registry`, {
        token: platform,
        body: connection,
      });
      expect(plainHttp.status).toBe(422);
      const saved = await api("PUT", `/admin/teams/${first}/registry`, {
        token: platform,
        body: { ...connection, insecure: true },
      });
      expect(saved.status).toBe(200);
      expect(saved.body).toEqual({ robot: null });
      const classes = await api("GET", `/teams/${first}/classes`, { token: platform });
      expect((classes.body as { classes: { name: string }[] }).classes.map((c) => c.name)).toEqual([CLASS]);
      const bad = await api("PUT", `/admin/teams/${first}/quotas`, {
        token: platform,
        body: { maxClusters: -1, maxWorkerNodes: 8 },
      });
      expect(bad.status).toBe(422);
      expect((bad.body as { errors: { path: string }[] }).errors).toEqual([
        expect.objectContaining({ path: "maxClusters" }),
      ]);

      const created = await api("POST", "/admin/teams", {
        token: platform,
        body: {
          slug: second,
          displayName: "Second",
          adminGroups: "",
          memberGroups: "",
          viewerGroups: "",
          maxClusters: "",
          maxWorkerNodes: "",
        },
      });
      expect(created.status).toBe(201);
      expect((await api("POST", "/admin/teams", { token: platform, body: { slug: second } })).status).toBe(
        422,
      );
      const archived = await api("DELETE", `/admin/teams/${second}`, { token: platform });
      expect(archived.status).toBe(200);
      expect(archived.body).toEqual({ slug: second });
      expect((await api("DELETE", `/admin/teams/${second}`, { token: platform })).status).toBe(422);
      const ended = await api("DELETE", `/admin/users/nobody-${suffix()}/sessions`, { token: platform });
      expect(ended.status).toBe(200);
      expect(ended.body).toEqual({ ended: 0, tokens: 0 });

      // Each change is the admin's, "via API", in the team's audit log.
      const audit = await api("GET", `/teams/${first}/audit?limit=50`, { token: platform });
      const events = (
        audit.body as { events: { action: string; via: string; actor: string; outcome: string }[] }
      ).events;
      expect(events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: "team.quota.set",
            via: "api",
            actor: "oidc:admin",
            outcome: "allowed",
          }),
          expect.objectContaining({
            action: "team.groups.set",
            via: "api",
            actor: "oidc:admin",
            outcome: "allowed",
          }),
          expect.objectContaining({ action: "clusterclass.copy", via: "api", outcome: "allowed" }),
          expect.objectContaining({ action: "registry_connection.upsert", via: "api", outcome: "allowed" }),
        ]),
      );

      // The admin's token not made for the platform, and a team admin's token: 403, reads and writes.
      const page2 = await asUser("alice");
      const aliceTokens = new TokensPage(page2);
      await aliceTokens.goto("team-a");
      const alices = await aliceTokens.make(`adm-${suffix()}`, "admin", 1);
      for (const token of [plain, alices]) {
        const read = await api("GET", "/admin/teams", { token });
        expect(read.status).toBe(403);
        expect(read.headers["content-type"]).toContain("application/problem+json");
        expect((await api("DELETE", `/admin/teams/${first}`, { token })).status).toBe(403);
        expect(
          (
            await api("PUT", `/admin/teams/${first}/quotas`, {
              token,
              body: { maxClusters: 9, maxWorkerNodes: 9 },
            })
          ).status,
        ).toBe(403);
      }
      // Refused before anything changed: the quota is still the platform token's.
      const after = await api("GET", "/admin/teams", { token: platform });
      expect((after.body as { teams: { slug: string; maxClusters: number | null }[] }).teams).toContainEqual(
        expect.objectContaining({ slug: first, maxClusters: 2, maxWorkerNodes: 8 }),
      );

      // The CLI: the platform token lists the teams; the plain one is refused (exit 2, the API's 403).
      const cli = { KAAS_SERVER: base, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), "kaas-admin-")) };
      const teamsOut = await kaas(["admin", "teams", "-o", "json"], { ...cli, KAAS_TOKEN: platform });
      expect(teamsOut.code).toBe(0);
      expect((JSON.parse(teamsOut.stdout) as { teams: { slug: string }[] }).teams).toContainEqual(
        expect.objectContaining({ slug: first, maxClusters: 2 }),
      );
      const refused = await kaas(["admin", "teams", "archive", first, "--yes"], {
        ...cli,
        KAAS_TOKEN: plain,
      });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("HTTP 403");

      // The admin's console session archives the team.
      const gone = await session("DELETE", `/admin/teams/${first}`, { headers: origin });
      expect(gone.status).toBe(200);
    } finally {
      // A failed run leaves no active team behind (archived ones answer 422), nor their namespaces.
      for (const slug of [first, second]) {
        await page.request.delete(`/api/v1/admin/teams/${slug}`, { headers: origin });
        await deleteNamespace(slug);
      }
    }

    const seen = new Set(contract.checked.map((c) => `${c.method} ${c.template}`));
    for (const [template, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      if (!template.startsWith("/api/v1/admin/")) continue;
      for (const method of Object.keys(item))
        expect(seen, `${method.toUpperCase()} ${template} untested`).toContain(
          `${method.toUpperCase()} ${template}`,
        );
    }
  });
});
