import { describe, expect, it } from "vitest";
import { compareTags } from "./distribution.ts";
import { mapLimit, nextLink, parseChallenge, readLimited } from "./http.ts";

describe("registry HTTP details", () => {
  it("finds rel=next in distribution's and Harbor's Link headers", () => {
    const base = "https://reg.example.com";
    expect(nextLink('</v2/_catalog?last=b&n=2>; rel="next"', base)?.href).toBe(
      "https://reg.example.com/v2/_catalog?last=b&n=2",
    );
    expect(
      nextLink(
        '</api/v2.0/quotas?page=1&page_size=1>; rel="prev" , </api/v2.0/quotas?page=3&page_size=1>; rel="next"',
        base,
      )?.searchParams.get("page"),
    ).toBe("3");
    expect(nextLink('</x?page=1>; rel="prev"', base)).toBeUndefined();
    expect(nextLink(null, base)).toBeUndefined();
  });

  it("parses Bearer and Basic challenges", () => {
    expect(
      parseChallenge(
        'Bearer realm="https://harbor.example.com/service/token",service="harbor-registry",scope="repository:team-a/web:pull"',
      ),
    ).toEqual({
      scheme: "bearer",
      params: {
        realm: "https://harbor.example.com/service/token",
        service: "harbor-registry",
        scope: "repository:team-a/web:pull",
      },
    });
    expect(parseChallenge('Basic realm="kaas-dev-registry"')?.scheme).toBe("basic");
    expect(parseChallenge(null)).toBeUndefined();
  });

  it("refuses bodies over the limit, declared or not", async () => {
    await expect(readLimited(new Response("x".repeat(100)), 10, "t")).rejects.toMatchObject({
      kind: "too_large",
    });
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 5; i++) c.enqueue(new Uint8Array(8));
        c.close();
      },
    });
    await expect(readLimited(new Response(stream), 20, "t")).rejects.toMatchObject({ kind: "too_large" });
    expect((await readLimited(new Response("ok"), 10, "t")).toString()).toBe("ok");
  });

  it("orders tags by version, totally", () => {
    const tags = ["latest", "1.10.0", "1.9.0", "1.9.0-rc1", "v2", "V2", "0.1"];
    expect([...tags].sort(compareTags)).toEqual([
      "0.1",
      "1.9.0",
      "1.9.0-rc1",
      "1.10.0",
      "latest",
      "v2",
      "V2",
    ]);
  });

  it("maps with bounded concurrency and keeps order", async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 3, 2, 4], 2, async (x) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, x));
      inFlight--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 30, 20, 40]);
    expect(peak).toBe(2);
  });
});
