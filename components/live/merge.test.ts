import { describe, expect, it } from "vitest";
import type { LiveObject } from "./live-connection.ts";
import { mergeChange } from "./merge.ts";

const obj = (uid: string, phase: string): LiveObject => ({ metadata: { uid, name: uid }, status: { phase } });

describe("mergeChange", () => {
  it("replaces by uid in place, appends new objects and drops deleted ones", () => {
    const list = [obj("a", "Pending"), obj("b", "Pending")];
    expect(mergeChange(list, "MODIFIED", obj("a", "Running")).map((o) => [o.metadata.uid, o.status])).toEqual(
      [
        ["a", { phase: "Running" }],
        ["b", { phase: "Pending" }],
      ],
    );
    expect(mergeChange(list, "ADDED", obj("c", "Pending")).map((o) => o.metadata.uid)).toEqual([
      "a",
      "b",
      "c",
    ]);
    expect(mergeChange(list, "DELETED", obj("a", "")).map((o) => o.metadata.uid)).toEqual(["b"]);
    expect(mergeChange(list, "DELETED", obj("zz", ""))).toBe(list);
  });
});
