import { describe, expect, it } from "vitest";
import { isHttpUrl, MAX_ENTRIES, MEDIA, parseImageConfig, parseManifest, platformLabel } from "./media.ts";

const D = (c: string) => `sha256:${c.repeat(64)}`;
const json = (v: unknown) => Buffer.from(JSON.stringify(v));

describe("manifest parsing", () => {
  it("reads an OCI index with platforms", () => {
    const m = parseManifest(
      json({
        schemaVersion: 2,
        mediaType: MEDIA.ociIndex,
        manifests: [
          {
            mediaType: MEDIA.ociManifest,
            digest: D("a"),
            size: 10,
            platform: { os: "linux", architecture: "amd64" },
          },
          {
            mediaType: MEDIA.ociManifest,
            digest: D("b"),
            size: 11,
            platform: { os: "linux", architecture: "arm64", variant: "v8" },
          },
        ],
      }),
      MEDIA.ociIndex,
    );
    expect(m.kind).toBe("index");
    if (m.kind !== "index") return;
    expect(m.manifests.map((x) => platformLabel(x.platform))).toEqual(["linux/amd64", "linux/arm64/v8"]);
  });

  it("reads a Docker v2 manifest by its content type and keeps annotations as plain strings", () => {
    const m = parseManifest(
      json({
        schemaVersion: 2,
        config: { mediaType: MEDIA.dockerConfig, digest: D("c"), size: 5 },
        layers: [{ mediaType: "x", digest: D("d"), size: 7 }],
        annotations: { ok: "<script>alert(1)</script>", n: 5, nested: { a: 1 } },
      }),
      `${MEDIA.dockerManifest}; charset=utf-8`,
    );
    expect(m).toMatchObject({
      kind: "image",
      mediaType: MEDIA.dockerManifest,
      annotations: { ok: "<script>alert(1)</script>" },
    });
    if (m.kind === "image") expect(Object.keys(m.annotations)).toEqual(["ok"]);
  });

  it("says what is wrong with malformed, unknown and deprecated manifests instead of throwing", () => {
    expect(parseManifest(Buffer.from("{nope"), MEDIA.ociManifest)).toMatchObject({
      kind: "unsupported",
      reason: { key: "notJson" },
    });
    expect(parseManifest(json([1, 2]), null)).toMatchObject({
      kind: "unsupported",
      reason: { key: "notObject" },
    });
    expect(
      parseManifest(json({ schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests: "x" }), null),
    ).toMatchObject({
      kind: "unsupported",
      reason: { key: "indexNoDescriptors" },
    });
    expect(
      parseManifest(
        json({ schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests: [{ digest: "../../etc", size: -1 }] }),
        null,
      ),
    ).toMatchObject({ kind: "unsupported" });
    expect(parseManifest(json({ schemaVersion: 2, mediaType: "application/x-weird" }), null)).toMatchObject({
      kind: "unsupported",
      mediaType: "application/x-weird",
    });
    expect(parseManifest(json({ schemaVersion: 1, name: "x" }), MEDIA.dockerSchema1)).toMatchObject({
      reason: { key: "schema1" },
    });
  });

  it("keeps at most MAX_ENTRIES layers and counts the rest", () => {
    const layers = Array.from({ length: MAX_ENTRIES + 7 }, () => ({
      mediaType: "l",
      digest: D("e"),
      size: 1,
    }));
    const m = parseManifest(
      json({
        schemaVersion: 2,
        mediaType: MEDIA.ociManifest,
        config: { mediaType: MEDIA.ociConfig, digest: D("f"), size: 1 },
        layers,
      }),
      null,
    );
    expect(m).toMatchObject({ kind: "image", omitted: 7 });
    if (m.kind === "image") expect(m.layers).toHaveLength(MAX_ENTRIES);
  });

  it("reads config labels and drops what is not text", () => {
    expect(
      parseImageConfig(
        json({
          created: "2025-01-01T00:00:00Z",
          os: "linux",
          architecture: "amd64",
          config: { Labels: { a: "b", c: 1 } },
        }),
      ),
    ).toEqual({ created: "2025-01-01T00:00:00Z", os: "linux", architecture: "amd64", labels: { a: "b" } });
    expect(parseImageConfig(json({ config: null }))).toEqual({ labels: {} });
    expect(parseImageConfig(Buffer.from("garbage"))).toBeUndefined();
  });

  it("links only http(s) URLs", () => {
    expect(isHttpUrl("https://git.example.com/x")).toBe(true);
    expect(isHttpUrl("javascript:alert(document.domain)")).toBe(false);
    expect(isHttpUrl("data:text/html,hi")).toBe(false);
    expect(isHttpUrl("not a url")).toBe(false);
  });
});
