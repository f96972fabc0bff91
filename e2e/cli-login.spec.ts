import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "./fixtures.ts";
import { IdpDevicePage } from "./pages/idp-device-page.ts";
import { clusterExists, deleteClusterIfExists } from "./support/admin-kube.ts";
import { clusterFile, kaas, startKaas, transcript } from "./support/kaas-cli.ts";
import { OpenApiContract } from "./support/openapi-contract.ts";

const CLASS = "inmemory-scs-1-35-v1";
const suffix = () => Math.random().toString(36).slice(2, 7);

type StoredLogin = {
  server: string;
  token?: string;
  oidc?: { accessToken: string; refreshToken: string | null; expiresAt: number };
};

test.describe("kaas login with the identity provider's device flow", () => {
  test("the code entered in Chromium signs the CLI in as alice; create from a file, watch it provision, scale, kubeconfig, delete; each step audited as alice via API", async ({
    browser,
  }) => {
    test.setTimeout(8 * 60_000);
    const server = new URL(process.env.E2E_BASE_URL ?? "http://localhost:3100").origin;
    const home = mkdtempSync(join(tmpdir(), "kaas-device-"));
    const env = { XDG_CONFIG_HOME: home };

    // kaas login prints where to go and the code, then waits; the user signs in in a browser.
    const login = startKaas(["login", "--server", server], env);
    const [, verificationUri = "", userCode = ""] = await login.waitFor(
      /open (\S+) and enter the code (\S+)/,
    );
    const context = await browser.newContext();
    try {
      await new IdpDevicePage(await context.newPage()).approve(verificationUri, userCode, "alice");
    } finally {
      await context.close();
    }
    const loggedIn = await login.done;
    expect(loggedIn.code, `${loggedIn.stdout}${loggedIn.stderr}`).toBe(0);
    expect(loggedIn.stdout).toContain("team-a: admin");

    // Kept for the user only, with the refresh token; no personal access token involved.
    const config = join(home, "kaas", "config.json");
    expect(statSync(config).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(config, "utf8")) as StoredLogin;
    expect(stored.token).toBeUndefined();
    expect(stored.oidc?.accessToken.split(".")).toHaveLength(3);
    expect(stored.oidc?.refreshToken).toBeTruthy();

    // An expired access token is refreshed at the IdP before the call, and the new one kept.
    writeFileSync(
      config,
      JSON.stringify({ ...stored, oidc: { ...stored.oidc, expiresAt: Date.now() - 1000 } }),
    );
    const teams = await kaas(["teams"], env);
    expect(teams.code).toBe(0);
    expect(teams.stdout).toMatch(/team-a\s+.*admin/);
    const refreshed = JSON.parse(readFileSync(config, "utf8")) as StoredLogin;
    expect(refreshed.oidc?.accessToken).not.toBe(stored.oidc?.accessToken);
    expect(refreshed.oidc?.expiresAt ?? 0).toBeGreaterThan(Date.now());

    // Signed in as herself, alice manages her personal access tokens over the API (checked against
    // the OpenAPI document) and from the CLI; the token works for team-a only and not once revoked.
    const contract = new OpenApiContract(
      (await (await fetch(new URL("/api/v1/openapi.json", server))).json()) as Record<string, unknown>,
    );
    const bearer = { authorization: `Bearer ${refreshed.oidc?.accessToken}` };
    const viaApi = async (method: "GET" | "POST" | "DELETE", path: string, body?: unknown) => {
      const res = await fetch(new URL(`/api/v1${path}`, server), {
        method,
        headers: { ...bearer, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = (await res.json()) as Record<string, unknown>;
      contract.check(
        method,
        `/api/v1${path.split("?")[0]}`,
        res.status,
        res.headers.get("content-type") ?? "",
        json,
      );
      return { status: res.status, body: json };
    };
    const apiName = `api-${suffix()}`;
    const made = await viaApi("POST", "/teams/team-a/tokens", {
      name: apiName,
      role: "viewer",
      expiresInDays: 1,
      platform: false,
    });
    expect(made.status).toBe(201);
    expect(made.body.token).toMatch(/^kaas_pat_/);
    const platformToken = await viaApi("POST", "/teams/team-a/tokens", {
      name: `p-${suffix()}`,
      role: "viewer",
      expiresInDays: 1,
      platform: true,
    });
    expect(platformToken.status).toBe(422);
    const listed = await viaApi("GET", "/teams/team-a/tokens");
    const mine = (listed.body.tokens as { id: string; name: string }[]).find((x) => x.name === apiName);
    expect(mine).toBeDefined();
    expect(JSON.stringify(listed.body)).not.toContain(String(made.body.token));
    const revokedViaApi = await viaApi("DELETE", `/teams/team-a/tokens/${mine?.id}?name=${apiName}`);
    expect(revokedViaApi.status).toBe(200);

    const cliName = `cli-${suffix()}`;
    const madeByCli = await kaas(["tokens", "create", cliName, "--team", "team-a", "--role", "member"], env);
    expect(madeByCli.code).toBe(0);
    const pat = madeByCli.stdout.trim();
    expect(pat).toMatch(/^kaas_pat_/);
    const patEnv = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), "kaas-pat-")) };
    const withPat = await kaas(["teams", "--server", server, "--token", pat], patEnv);
    expect(withPat.code).toBe(0);
    expect(withPat.stdout).toMatch(/team-a\s+.*member/);
    const patOnB = await kaas(
      ["clusters", "list", "--team", "team-b", "--server", server, "--token", pat],
      patEnv,
    );
    expect(patOnB.code).toBe(2);
    const breed = await kaas(
      [
        "tokens",
        "create",
        "bred",
        "--team",
        "team-a",
        "--role",
        "viewer",
        "--server",
        server,
        "--token",
        pat,
      ],
      patEnv,
    );
    expect(breed.code).toBe(2);
    expect(breed.stderr).toContain("HTTP 403");
    const list = await kaas(["tokens", "list", "--team", "team-a"], env);
    expect(list.stdout).toMatch(
      new RegExp(`${cliName}\\s+kaas_pat_\\S+\\s+member\\s+\\S+\\s+\\S+\\s+active`),
    );
    expect(list.stdout).toMatch(new RegExp(`${apiName}\\s.*revoked`));
    const revoke = await kaas(["tokens", "revoke", cliName, "--team", "team-a"], env);
    expect(revoke.code).toBe(0);
    const afterRevoke = await kaas(["teams", "--server", server, "--token", pat], patEnv);
    expect(afterRevoke.code).toBe(2);
    expect(afterRevoke.stderr).toContain("HTTP 401");

    // A team alice is not in stays closed to her token.
    const b = await kaas(["clusters", "list", "--team", "team-b"], env);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("HTTP 404");

    const classes = await kaas(["classes", "--team", "team-a", "-o", "json"], env);
    expect(classes.code).toBe(0);
    const version = (
      JSON.parse(classes.stdout) as { classes: { name: string; versions: string[] }[] }
    ).classes.find((c) => c.name === CLASS)?.versions[0];
    // The class's variables as flags: listed with type, bounds and default.
    const help = await kaas(["clusters", "create", "--team", "team-a", "--class", CLASS, "--help"], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--var workerRootDisk=integer 20..1000 (default 50)");
    const badVar = await kaas(
      [
        "clusters",
        "create",
        "x",
        "--team",
        "team-a",
        "--class",
        CLASS,
        "--var",
        "workerRootDisk=big",
        "--dry-run",
      ],
      env,
    );
    expect(badVar.code).toBe(1);
    expect(badVar.stderr).toContain("workerRootDisk is an integer");

    // The team's registry from the terminal.
    const repos = await kaas(["registry", "repos", "--team", "team-a"], env);
    expect(repos.code).toBe(0);
    expect(repos.stdout).toMatch(/team-a\/tools\/cli\s+\d+/);
    const tags = await kaas(["registry", "tags", "team-a/tools/cli", "--team", "team-a"], env);
    expect(tags.code).toBe(0);
    expect(tags.stdout).toMatch(/0\.1\.0\s+sha256:/);

    // Shell completion offers the user's own teams.
    const completion = await kaas(["completion", "bash"], env);
    expect(completion.stdout).toContain("complete -F _kaas kaas");
    const words = await kaas(["__complete", "teams"], env);
    expect(words.stdout.trim().split("\n")).toContain("team-a");

    const name = `dev-${suffix()}`;
    const file = clusterFile(home, { name, className: CLASS, version });
    try {
      const watching = startKaas(["clusters", "watch", "--team", "team-a", "--timeout", "240"], env);
      await watching.waitFor(/listed/, 30_000).catch(() => undefined);
      const created = await kaas(
        ["clusters", "create", "-f", file, "--team", "team-a", "--var", "workerRootDisk=80"],
        env,
      );
      expect(created.stderr).toBe("");
      expect(created.code).toBe(0);
      // The watch shows it provision (Cluster API's in-memory provider brings it up).
      await watching.waitFor(new RegExp(`${name}\\s+Provisioned`), 4 * 60_000);
      watching.child.kill("SIGINT");
      expect((await watching.done).code).toBe(0);

      const got = await kaas(["clusters", "get", name, "--team", "team-a", "-o", "json"], env);
      expect(
        (JSON.parse(got.stdout) as { topology: { variables?: unknown[] } }).topology.variables,
      ).toContainEqual({
        name: "workerRootDisk",
        value: 80,
      });

      const scaled = await kaas(["clusters", "scale", name, "--team", "team-a", "--pool", "md-0=2"], env);
      expect(scaled.stderr).toBe("");
      expect(scaled.code).toBe(0);

      const kubeconfig = join(home, `${name}.kubeconfig`);
      await expect
        .poll(
          async () =>
            (
              await kaas(
                ["clusters", "kubeconfig", name, "--team", "team-a", "--type", "admin", "--out", kubeconfig],
                env,
              )
            ).code,
          { timeout: 60_000, intervals: [2000] },
        )
        .toBe(0);
      expect(statSync(kubeconfig).mode & 0o777).toBe(0o600);
      expect(readFileSync(kubeconfig, "utf8")).toContain("kind: Config");

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
          expect.objectContaining({ action, via: "api", actor: "oidc:alice", outcome: "allowed" }),
        );
      }
      const table = await kaas(["audit", "--team", "team-a", "--cluster", name], env);
      expect(table.stdout).toMatch(/oidc:alice\s+API\s+cluster\.delete/);
    } finally {
      await deleteClusterIfExists("team-a", name);
      await expect
        .poll(() => clusterExists("team-a", name), { timeout: 3 * 60_000, intervals: [1000] })
        .toBe(false);
    }
    console.log(transcript.join("\n"));
  });
});
