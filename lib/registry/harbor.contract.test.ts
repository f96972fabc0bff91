import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkRequest,
  compareReading,
  deref,
  emptyReads,
  generate,
  HARBOR_DOCUMENT_PATH,
  type HarborDocument,
  loadHarborDocument,
  okResponse,
  readable,
  type Schema,
  shown,
  type Variant,
} from "../../tests/harbor/document.ts";
import { harborFixture, NEVER } from "../../tests/harbor/fixture.ts";
import { type HarborTestServer, startHarborTestServer } from "../../tests/harbor/server.ts";
import { createTeamRegistry, listRepositories, listTags, manifestView } from "./browse.ts";
import { HARBOR_OPERATIONS, HARBOR_VULNERABILITY_REPORT, HarborClient, scanSummary } from "./harbor.ts";
import { inspectRobot } from "./robot-scope.ts";

// The console's Harbor client against Harbor's own API document (tests/harbor/swagger.yaml, copied
// from goharbor/harbor): what it sends, and what it reads from responses generated from the
// document's schemas. No Harbor server runs here; the loopback server is the test's.

const doc = loadHarborDocument();
const ROBOT = { username: "robot$team-a+console", password: "s3cret-robot" };
const VARIANTS: Variant[] = ["full", "required", "nulls", "extra"];

/** The documented response item schema of each operation the client calls. */
function documented(d: HarborDocument, op: (typeof HARBOR_OPERATIONS)[number]): Schema {
  const item = d.paths[op.path]?.[op.method];
  if (!item || Array.isArray(item))
    throw new Error(`${op.method.toUpperCase()} ${op.path} is not in the document`);
  const schema = okResponse(d, item).schema;
  if (!schema) throw new Error(`${op.method.toUpperCase()} ${op.path} has no 200 schema`);
  return op.list ? (deref(d, schema).items ?? {}) : schema;
}

/** Every check of what the client reads against a document: problems and what was compared. */
function contract(d: HarborDocument) {
  const problems: string[] = [];
  let fields = 0;
  const definitions = new Set<string>();
  for (const op of HARBOR_OPERATIONS) {
    let schema: Schema;
    try {
      schema = documented(d, op);
    } catch (err) {
      problems.push((err as Error).message);
      continue;
    }
    const where = `${op.method.toUpperCase()} ${op.path}${op.list ? "[]" : ""}`;
    const r = compareReading(d, where, op.schema, schema);
    problems.push(...r.problems);
    fields += r.fields;
    for (const n of r.definitions) definitions.add(n);
    // What a page would show from a full response must survive parsing.
    const value = generate(d, schema, "full", { mapKeys: { ScanOverview: [HARBOR_VULNERABILITY_REPORT] } });
    const parsed = op.schema.safeParse(value);
    if (!parsed.success) problems.push(`${op.path}: a full generated response does not parse`);
    else {
      const want = JSON.stringify(shown(readable(value, op.schema)));
      const got = JSON.stringify(shown(parsed.data));
      if (want !== got)
        problems.push(`${where}: parsing a full generated response loses fields the pages show`);
      for (const field of emptyReads(parsed.data, op.schema, where))
        problems.push(
          `${field}: empty after parsing a response with every documented field (a page shows –)`,
        );
    }
  }
  return { problems, fields, definitions };
}

describe("Harbor client against Harbor's API document", () => {
  it("reads only fields the document declares, with their types, and loses none of them", () => {
    const r = contract(doc);
    expect(r.problems).toEqual([]);
    console.log(
      `[contract] ${HARBOR_OPERATIONS.length} operations, ${r.fields} fields read by the client compared, ` +
        `${r.definitions.size} schemas: ${[...r.definitions].sort().join(", ")}`,
    );
    expect(r.fields).toBeGreaterThan(40);
  });

  it.each(["required", "nulls", "extra"] as const)(
    "a response with %s fields parses without losing what the pages show",
    (variant) => {
      const skipped: string[] = [];
      for (const op of HARBOR_OPERATIONS) {
        const value = generate(doc, documented(doc, op), variant, {
          mapKeys: { ScanOverview: [HARBOR_VULNERABILITY_REPORT] },
        });
        const parsed = op.schema.safeParse(value);
        if (!parsed.success && variant === "required") {
          // The document requires no field of these objects; the client needs the one that names
          // the row (a list leaves such a row out, a single object is a bad response).
          skipped.push(`${op.path}: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
          continue;
        }
        expect(parsed.success, `${variant} ${op.path}`).toBe(true);
        if (parsed.success)
          expect(shown(parsed.data), `${variant} ${op.path}`).toEqual(shown(readable(value, op.schema)));
      }
      if (variant === "required") {
        console.log(
          `[contract] fields the client needs that the document leaves optional:\n  ${skipped.join("\n  ")}`,
        );
        expect(skipped.map((s) => s.split(":")[0])).toEqual([
          "/projects",
          "/projects/{project_name_or_id}",
          "/projects/{project_name}/repositories",
          "/projects/{project_name}/repositories/{repository_name}/artifacts",
          "/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}",
          "/robots",
        ]);
      }
    },
  );

  it("fails when a copy of the document renames a field the client reads", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "harbor-doc-"));
    try {
      // The Artifact definition's push_time, renamed in the YAML text as a new Harbor might.
      const text = readFileSync(HARBOR_DOCUMENT_PATH, "utf8");
      const start = text.indexOf("\n  Artifact:\n");
      const at = text.indexOf("      push_time:", start);
      expect(start).toBeGreaterThan(0);
      const broken = `${text.slice(0, at)}      pushed_at:${text.slice(at + "      push_time:".length)}`;
      const file = path.join(dir, "swagger.yaml");
      writeFileSync(file, broken);
      const r = contract(loadHarborDocument(file));
      console.log(
        `[contract, deliberate break: Artifact.push_time renamed to pushed_at]\n  ${r.problems.join("\n  ")}`,
      );
      expect(r.problems).toContain(
        "GET /projects/{project_name}/repositories/{repository_name}/artifacts[].push_time: read by the client, not in the document (Artifact)",
      );
      expect(r.problems).toContain(
        "GET /projects/{project_name}/repositories/{repository_name}/artifacts[].push_time: empty after parsing a response with every documented field (a page shows –)",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails a request over a limit the document sets (a copy with page_size up to 50)", () => {
    const copy = structuredClone(doc);
    const pageSize = copy.parameters.pageSize;
    if (pageSize) pageSize.maximum = 50;
    const check = checkRequest(copy, {
      method: "GET",
      url: "/api/v2.0/projects/team-a/repositories?page=1&page_size=100",
      headers: { accept: "application/json" },
    });
    expect(check.problems).toEqual([
      "GET /projects/{project_name}/repositories: page_size=100 is over the maximum 50",
    ]);
    const unknown = checkRequest(doc, {
      method: "GET",
      url: "/api/v2.0/projects/team-a/repositories/a/b/artifacts?with_scan=true",
      headers: {},
    });
    expect(unknown.problems).toEqual([
      "GET /api/v2.0/projects/team-a/repositories/a/b/artifacts is not in the document",
    ]);
  });

  for (const variant of VARIANTS) {
    describe(`responses generated in the "${variant}" variant`, () => {
      let server: HarborTestServer;
      const loopback = { insecure: true, allowPrivate: true };
      const client = () => new HarborClient({ baseUrl: server.url, credentials: ROBOT, ...loopback });
      const now = Date.parse("2026-11-30T12:00:00Z");

      beforeAll(async () => {
        server = await startHarborTestServer({
          doc,
          credentials: ROBOT,
          data: harborFixture(doc, {
            project: "team-a",
            variant,
            now,
            robot: {
              name: ROBOT.username,
              permissions: [
                {
                  kind: "project",
                  namespace: "team-a",
                  access: [
                    { resource: "repository", action: "pull" },
                    { resource: "artifact", action: "read" },
                  ],
                },
              ],
            },
          }),
        });
      });
      afterAll(() => server.close());

      it("every request is one the document describes, with parameters in their limits", async () => {
        const c = client();
        await c.projects({ name: "team-a", pageSize: 1000 });
        await c.project("team-a");
        await c.repositories("team-a", { pageSize: 500, search: "a,b=~pi", sort: "-update_time" });
        await c.artifacts("team-a", "tools/cli", { sort: "-pull_time" });
        await c.artifact("team-a", "api", "2.0.0");
        await c.robots("console");
        await c.currentPermissions("/project/7").catch(() => []);
        const problems = server.checks.flatMap((ch) => ch.problems);
        expect(problems).toEqual([]);
        const operations = new Set(server.checks.map((ch) => ch.operation));
        const parameters = new Set(server.checks.flatMap((ch) => ch.checkedParameters));
        if (variant === "full")
          console.log(
            `[contract] requests: ${server.checks.length} checked, ${operations.size} paths, ` +
              `${parameters.size} parameters: ${[...parameters].sort().join(", ")}`,
          );
        expect([...operations].sort()).toEqual(
          HARBOR_OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path}`).sort(),
        );
        // The page size the console asks for never passes Harbor's documented maximum (100).
        expect(parameters).toContain("query:page_size");
      });

      it("pages through Link and X-Total-Count as Harbor sends them", async () => {
        const first = await client().artifacts("team-a", "api", { pageSize: 3, sort: "-push_time" });
        expect(first).toMatchObject({ total: 4, hasNext: true });
        const second = await client().artifacts("team-a", "api", {
          page: 2,
          pageSize: 3,
          sort: "-push_time",
        });
        expect(second).toMatchObject({ total: 4, hasNext: false });
        expect(second.items).toHaveLength(1);
      });

      it("what the pages show survives parsing: tags, push and pull times, scan overviews", async () => {
        const reg = createTeamRegistry({
          key: `contract-${variant}`,
          kind: "harbor",
          url: server.url,
          harborProject: "team-a",
          credentials: ROBOT,
          ...loopback,
        });
        const repos = await listRepositories(reg, { sort: "-pushed", page: 1 });
        expect(repos.items.map((r) => r.name)).toEqual(["team-a/api", "team-a/web", "team-a/tools/cli"]);
        expect(repos.items[0]).toMatchObject({ artifactCount: 4, updatedAt: "2026-11-30T11:00:00.000Z" });
        expect(repos.items.map((r) => r.scan?.severity ?? r.scan?.status)).toEqual([
          "Running",
          "High",
          undefined,
        ]);

        const tags = await listTags(reg, "team-a/api", { sort: "-pushed", page: 1 });
        expect(tags.items.map((t) => t.tags.join(","))).toEqual([
          "2.1.0-rc1",
          "2.0.0,latest",
          "1.0.0",
          "0.9.0",
        ]);
        const [running, vulnerable, clean, unscanned] = tags.items;
        expect(running?.scan).toMatchObject({ status: "Running", percent: 40, scanner: "Trivy v0.50.1" });
        expect(vulnerable?.scan).toEqual({
          status: "Success",
          severity: "Critical",
          total: 11,
          fixable: 7,
          counts: { Critical: 1, High: 3, Medium: 5, Low: 2 },
          scannedAt: "2026-11-30T10:06:00.000Z",
          startedAt: "2026-11-30T10:03:00.000Z",
          percent: 100,
          scanner: "Trivy v0.50.1",
        });
        expect(vulnerable).toMatchObject({
          pushed: "2026-11-30T10:00:00.000Z",
          pulled: "2026-11-30T11:54:00.000Z",
        });
        expect(clean?.scan).toMatchObject({ status: "Success", severity: "None", total: 0 });
        expect(unscanned?.scan).toBeUndefined();
        // Harbor's zero time for "never pulled" is no time at all.
        expect(tags.items[0]?.pulled).toBeUndefined();

        const byPull = await listTags(reg, "team-a/api", { sort: "-pulled", page: 1 });
        expect(byPull.items.map((t) => t.tags[0])).toEqual(["2.0.0", "1.0.0", "0.9.0", "2.1.0-rc1"]);

        const serious = await listTags(reg, "team-a/api", { sort: "-pushed", page: 1, severity: "high" });
        expect(serious.items.map((t) => t.tags[0])).toEqual(["2.0.0"]);

        const view = await manifestView(reg, "team-a/api", "2.0.0");
        expect(view.scan).toMatchObject({ severity: "Critical", fixable: 7 });
        expect(view.pushed).toBe("2026-11-30T10:00:00.000Z");
        expect(server.checks.flatMap((ch) => ch.problems)).toEqual([]);
      });

      it("reads the robot account's reach: pull-only in its own project gives no warning", async () => {
        const reg = createTeamRegistry({
          key: `robot-${variant}`,
          kind: "harbor",
          url: server.url,
          harborProject: "team-a",
          credentials: ROBOT,
          ...loopback,
        });
        const scope = await inspectRobot(reg, ROBOT.username);
        expect(scope.warnings).toEqual([]);
        expect(scope.checked).toBe(true);
      });
    });
  }

  it("keeps the never-pulled zero time and a scan without summary from showing as data", () => {
    const a = scanSummary({ [HARBOR_VULNERABILITY_REPORT]: { scan_status: "Error" } });
    expect(a).toEqual({ status: "Error", counts: {} });
    expect(NEVER.startsWith("0001")).toBe(true);
  });
});
