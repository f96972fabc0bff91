import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback.ts";

describe("safeCallbackPath", () => {
  it("keeps paths on this site", () => {
    expect(safeCallbackPath("/teams/team-a/clusters?sort=name")).toBe("/teams/team-a/clusters?sort=name");
    expect(safeCallbackPath(["/no-team", "/other"])).toBe("/no-team");
  });

  it.each([
    "https://evil.example/",
    "//evil.example/x",
    "/\\evil.example",
    "javascript:alert(1)",
    "",
    undefined,
  ])("refuses %s", (value) => {
    expect(safeCallbackPath(value)).toBe("/");
  });
});
