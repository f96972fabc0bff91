import { describe, expect, it } from "vitest";
import { streamUrlFor } from "./live-connection.ts";

const query = (keys: string[]) => new URL(streamUrlFor(keys), "http://console").searchParams;

describe("streamUrlFor", () => {
  it("asks for whole namespaces when no tab names a cluster", () => {
    const q = query(["clusters|team-a|*", "clusters|team-b|*"]);
    expect(q.get("kinds")).toBe("clusters");
    expect(q.get("namespaces")).toBe("team-a,team-b");
    expect(q.has("only")).toBe(false);
  });

  it("narrows a (kind, namespace) to the clusters the cluster pages show", () => {
    const q = query(["events|team-a|web", "machines|team-a|web", "events|team-a|db"]);
    expect(q.get("kinds")).toBe("events,machines");
    expect(q.get("only")).toBe("events:team-a:db,events:team-a:web,machines:team-a:web");
  });

  it("sends a whole (kind, namespace) once any tab follows all of it, in either order", () => {
    for (const keys of [
      ["clusters|team-a|web", "clusters|team-a|*", "events|team-a|web"],
      ["clusters|team-a|*", "clusters|team-a|web", "events|team-a|web"],
    ]) {
      expect(query(keys).get("only")).toBe("events:team-a:web");
    }
  });
});
