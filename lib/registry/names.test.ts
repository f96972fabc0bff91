import { describe, expect, it } from "vitest";
import { inTeamScope, parseRegistryPath, registryHref, repositoryListQuerySchema } from "./names.ts";

const DIGEST = `sha256:${"ab".repeat(32)}`;

describe("team scope of registry paths", () => {
  it("accepts repositories under the prefix, with or without a reference", () => {
    expect(parseRegistryPath("team-a", ["team-a", "web"])).toEqual({
      kind: "repository",
      repository: "team-a/web",
    });
    expect(parseRegistryPath("team-a/", ["team-a", "tools", "cli", "-", "0.1.0"])).toEqual({
      kind: "manifest",
      repository: "team-a/tools/cli",
      reference: "0.1.0",
    });
    expect(parseRegistryPath("team-a/", ["team-a", "api", "-", DIGEST])).toMatchObject({ reference: DIGEST });
  });

  it("refuses other teams and every encoded trick", () => {
    const refused: string[][] = [
      ["team-b", "worker"],
      ["team-a"],
      ["team-ab", "web"],
      ["team-a", "..", "team-b", "worker"],
      ["team-a/../team-b/worker"],
      ["team-a%2F..%2Fteam-b%2Fworker"],
      ["team-a", "%2E%2E", "team-b", "worker"],
      ["team-a", "web%2F..%2F..%2Fteam-b"],
      ["team-a", "web", "-", "../../team-b/worker/-/3.1.0"],
      ["team-a", "web", "-", "1.0.0", "extra"],
      ["team-a", "web", "-"],
      ["team-a", "Web"],
      ["team-a", ""],
      ["team-a", "web\\..\\team-b"],
      ["team-a", "web%00"],
      ["team-a", "%E0%A4%A"],
      ["team-a", "web", "-", "sha256:short"],
      [],
    ];
    for (const segments of refused)
      expect(parseRegistryPath("team-a/", segments), segments.join("|")).toBeNull();
    expect(inTeamScope("team-a/", "team-a")).toBe(false);
    expect(inTeamScope("team-a/", "team-a/web")).toBe(true);
    expect(inTeamScope("team-a/", "team-a-evil/web")).toBe(false);
  });

  it("builds links that parse back to the same thing", () => {
    const href = registryHref("team-a", "team-a/tools/cli", DIGEST);
    expect(href).toBe(`/teams/team-a/registry/team-a/tools/cli/-/${DIGEST}`);
    const segments = href.split("/").slice(4).map(decodeURIComponent);
    expect(parseRegistryPath("team-a/", segments)).toEqual({
      kind: "manifest",
      repository: "team-a/tools/cli",
      reference: DIGEST,
    });
  });

  it("falls back to safe defaults for odd query strings", () => {
    expect(repositoryListQuerySchema.parse({ sort: "evil", page: "-3" })).toEqual({ sort: "name", page: 1 });
    expect(repositoryListQuerySchema.parse({ q: " web ", sort: "-pushed", page: "2" })).toEqual({
      q: "web",
      sort: "-pushed",
      page: 2,
    });
  });
});
