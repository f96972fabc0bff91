import { describe, expect, it } from "vitest";
import { streamUrlFor, subscriptionKey } from "@/components/live/live-connection.ts";
import { CLUSTER_PAGE_KINDS } from "./cluster-page.ts";
import { parseStreamQuery } from "./stream-query.ts";

const parse = (url: string) => parseStreamQuery(new URL(url, "http://console").searchParams);

describe("parseStreamQuery", () => {
  it("reads the cluster page's stream URL back as that cluster's objects of every kind it follows", () => {
    const url = streamUrlFor(
      CLUSTER_PAGE_KINDS.map((kind) => subscriptionKey({ kind, namespace: "team-a", cluster: "web" })),
    );
    const q = parse(url);
    expect(q).not.toBe("bad");
    if (q === "bad") return;
    expect([...q.kinds].sort()).toEqual([...CLUSTER_PAGE_KINDS].sort());
    expect(q.namespaces).toEqual(["team-a"]);
    expect(q.scope?.map((s) => `${s.kind}:${s.namespace}:${s.cluster}`).sort()).toEqual(
      CLUSTER_PAGE_KINDS.map((k) => `${k}:team-a:web`).sort(),
    );
  });

  it("carries a whole namespace unscoped, and clusters by default", () => {
    expect(parse(streamUrlFor([subscriptionKey({ kind: "events", namespace: "team-a" })]))).toEqual({
      kinds: ["events"],
      namespaces: ["team-a"],
      scope: undefined,
    });
    expect(parse("/api/stream")).toEqual({ kinds: ["clusters"], namespaces: undefined, scope: undefined });
  });

  it("refuses unknown kinds, malformed names and scopes outside what the stream asks for", () => {
    expect(parse("/api/stream?kinds=secrets")).toBe("bad");
    expect(parse("/api/stream?kinds=clusters&namespaces=Team_A")).toBe("bad");
    expect(parse("/api/stream?kinds=clusters&namespaces=team-a&only=events:team-a:web")).toBe("bad");
    expect(parse("/api/stream?kinds=clusters&namespaces=team-a&only=clusters:team-b:web")).toBe("bad");
    expect(parse("/api/stream?kinds=clusters&only=clusters:team-a:web:x")).toBe("bad");
  });
});
