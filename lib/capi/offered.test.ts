import { describe, expect, it } from "vitest";
import type { ClassOffer } from "./class-catalog.ts";
import { filterOffered } from "./offered.ts";

const offer = (name: string, stack: string | null): ClassOffer => ({
  name,
  stack,
  release: null,
  versions: [],
  workerClasses: [],
  variables: [],
  ready: true,
});

const all = [
  offer("inmemory-scs-1-35-v1", "inmemory-scs-1-35"),
  offer("inmemory-scs-1-35-v2", "inmemory-scs-1-35"),
  offer("inmemory-scs-1-36-v1", "inmemory-scs-1-36"),
  offer("custom", null),
];
const names = (o: ClassOffer[]) => o.map((x) => x.name);

describe("filterOffered", () => {
  it("offers every class when nothing was chosen", () => {
    expect(filterOffered(all, [])).toBe(all);
  });

  it("offers the named classes and every release of the named stacks", () => {
    expect(
      names(
        filterOffered(all, [
          { kind: "stack", name: "inmemory-scs-1-35" },
          { kind: "class", name: "custom" },
        ]),
      ),
    ).toEqual(["inmemory-scs-1-35-v1", "inmemory-scs-1-35-v2", "custom"]);
    expect(names(filterOffered(all, [{ kind: "class", name: "inmemory-scs-1-36-v1" }]))).toEqual([
      "inmemory-scs-1-36-v1",
    ]);
  });

  it("offers nothing for entries that match no class in the namespace", () => {
    expect(filterOffered(all, [{ kind: "class", name: "gone" }])).toEqual([]);
  });
});
