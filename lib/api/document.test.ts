import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { v1Document } from "./document.ts";

type Json = Record<string, unknown>;

describe("the v1 OpenAPI document", () => {
  const doc = v1Document() as { paths: Record<string, Record<string, Json>>; components: Json };

  it("has every operation with an id, and every schema compiles against the document's components", () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: "openapi", components: doc.components });
    const rewrite = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(rewrite)
        : v && typeof v === "object"
          ? Object.fromEntries(
              Object.entries(v as Json).map(([k, x]) => [
                k,
                k === "$ref" && typeof x === "string" ? `openapi${x}` : rewrite(x),
              ]),
            )
          : v;
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        expect(op.operationId, `${method} ${path}`).toBeTruthy();
        ids.add(op.operationId as string);
        for (const [status, r] of Object.entries(op.responses as Record<string, Json>)) {
          for (const media of Object.values((r.content ?? {}) as Record<string, Json>)) {
            if (media.schema)
              expect(() => ajv.compile(rewrite(media.schema) as Json), `${path} ${status}`).not.toThrow();
          }
        }
      }
    }
    expect([...ids].sort()).toEqual(
      [
        "adminArchiveTeam",
        "adminCopyClass",
        "adminCreateTeam",
        "adminEndSessions",
        "adminListTeams",
        "adminSaveRegistryConnection",
        "adminSetTeamAddons",
        "adminSetTeamClasses",
        "adminSetTeamGroups",
        "adminSetTeamQuotas",
        "cliSignIn",
        "createCluster",
        "deleteCluster",
        "getCluster",
        "getKubeconfig",
        "listAudit",
        "listClasses",
        "listClusters",
        "listRepositories",
        "listTags",
        "listTeams",
        "listTokens",
        "createToken",
        "revokeToken",
        "scaleCluster",
        "setClusterAddon",
        "stream",
        "upgradeCluster",
      ].sort(),
    );
    // Only the sign-in settings answer without credentials.
    const open = Object.values(doc.paths).flatMap((item) =>
      Object.values(item).filter(
        (op) => Array.isArray(op.security) && (op.security as unknown[]).length === 0,
      ),
    );
    expect(open.map((op) => op.operationId)).toEqual(["cliSignIn"]);
    const problem = ajv.getSchema("openapi#/components/schemas/Problem");
    expect(problem?.({ type: "t", title: "x", status: 404, detail: "d", errors: [] })).toBe(true);
    expect(problem?.({ type: "t", title: "x", status: 404, detail: "d", errors: [], stack: "…" })).toBe(
      false,
    );
  });

  it("has a route handler under app/api/v1 for every documented operation", () => {
    const app = join(import.meta.dirname, "..", "..", "app", "api", "v1");
    for (const [path, item] of Object.entries(doc.paths)) {
      const template = path.replace(/^\/api\/v1/, "");
      // A repository name holds slashes: its routes share one catch-all folder.
      const dir = template.startsWith("/teams/{team}/registry/repositories/{repository}")
        ? "/teams/[team]/registry/repositories/[...path]"
        : template.replace(/\{(\w+)\}/g, "[$1]");
      const file = join(app, dir, "route.ts");
      expect(existsSync(file), `${template}: ${file}`).toBe(true);
      const source = readFileSync(file, "utf8");
      for (const method of Object.keys(item))
        expect(source, `${method.toUpperCase()} ${template}`).toContain(
          `export const ${method.toUpperCase()} =`,
        );
    }
  });
});
