import { describe, expect, it } from "vitest";
import { diffLines } from "./diff.ts";

describe("diffLines", () => {
  it("marks changed lines as removed and added, keeping the rest", () => {
    expect(diffLines("a\nreplicas: 2\nc", "a\nreplicas: 4\nc\nd")).toEqual([
      { kind: "same", text: "a" },
      { kind: "del", text: "replicas: 2" },
      { kind: "add", text: "replicas: 4" },
      { kind: "same", text: "c" },
      { kind: "add", text: "d" },
    ]);
  });

  it("finds no change in equal texts", () => {
    expect(diffLines("x\ny", "x\ny").every((l) => l.kind === "same")).toBe(true);
  });
});
