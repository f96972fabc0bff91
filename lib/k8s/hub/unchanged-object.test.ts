import { describe, expect, it } from "vitest";
import { type HubObject, unchangedObject } from "./informer.ts";

const cached = (uid: string, resourceVersion: string): HubObject => ({
  uid,
  namespace: "team-a",
  name: uid,
  resourceVersion,
  json: "{}",
});

const line = (object: unknown) => JSON.stringify({ type: "ADDED", object });

describe("unchangedObject", () => {
  const web = cached("uid-web", "100");
  const event = cached("uid-event", "200");
  const byVersion = new Map([
    ["100", web],
    ["200", event],
  ]);

  it("knows a cached object repeated at the same resourceVersion, whatever the key order", () => {
    const sorted = {
      metadata: {
        name: "web",
        ownerReferences: [{ uid: "uid-owner" }],
        resourceVersion: "100",
        uid: "uid-web",
      },
    };
    expect(unchangedObject(line(sorted), byVersion)).toBe(web);
  });

  it("parses a changed object: its new resourceVersion is not cached", () => {
    expect(
      unchangedObject(line({ metadata: { uid: "uid-web", resourceVersion: "101" } }), byVersion),
    ).toBeUndefined();
  });

  it("is not fooled by an Event that names a cached object's resourceVersion without its uid", () => {
    const other = {
      metadata: { uid: "uid-other-event", resourceVersion: "300" },
      involvedObject: { uid: "uid-machine", resourceVersion: "100" },
    };
    expect(unchangedObject(line(other), byVersion)).toBeUndefined();
  });

  it("finds the object's own resourceVersion after another one in the line", () => {
    const repeated = {
      involvedObject: { uid: "uid-machine", resourceVersion: "999" },
      metadata: { uid: "uid-event", resourceVersion: "200" },
    };
    expect(unchangedObject(line(repeated), byVersion)).toBe(event);
  });

  it("ignores a bookmark at the revision of the last write", () => {
    expect(
      unchangedObject(line({ kind: "Cluster", metadata: { resourceVersion: "100" } }), byVersion),
    ).toBeUndefined();
  });
});
