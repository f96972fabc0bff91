import { describe, expect, it } from "vitest";
import type { HubObject } from "./informer.ts";
import {
  LineSplitter,
  ListItemSplitter,
  unchangedObject,
  type VersionKey,
  versionKey,
  versionKeyIn,
} from "./json-bytes.ts";

const cached = (uid: string, resourceVersion: string): HubObject => ({
  uid,
  namespace: "team-a",
  name: uid,
  resourceVersion,
  json: "{}",
});

/** The cache by resourceVersion, as the informer keeps it. */
const index = (...objects: HubObject[]) =>
  new Map<VersionKey, HubObject>(objects.map((o) => [versionKey(o.resourceVersion), o]));

const line = (object: unknown) => Buffer.from(JSON.stringify({ type: "ADDED", object }));

/** `bytes` cut into chunks at every one of `cuts` (byte offsets). */
function chunks(bytes: Buffer, cuts: number[]): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(bytes.subarray(from, cut));
    from = cut;
  }
  return out;
}

describe("unchangedObject", () => {
  const web = cached("uid-web", "100");
  const event = cached("uid-event", "200");
  const byVersion = index(web, event);

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

describe("unchangedObject in a range of a chunk", () => {
  const web = cached("uid-web", "100");
  const byVersion = index(web);
  const one = line({ metadata: { uid: "uid-web", resourceVersion: "100" } });
  const other = line({ metadata: { uid: "uid-other", resourceVersion: "300" } });

  it("looks only inside the line's range, not at the lines beside it", () => {
    const chunk = Buffer.concat([other, Buffer.from("\n"), one, Buffer.from("\n"), other]);
    const start = other.length + 1;
    expect(unchangedObject(chunk, byVersion, start, start + one.length)).toBe(web);
    expect(unchangedObject(chunk, byVersion, 0, other.length)).toBeUndefined();
    expect(unchangedObject(chunk, byVersion, start + one.length + 1, chunk.length)).toBeUndefined();
  });

  it("wants the whole uid: a longer uid that starts with it is another object", () => {
    const longer = line({ metadata: { uid: "uid-web-2", resourceVersion: "100" } });
    expect(unchangedObject(longer, byVersion)).toBeUndefined();
  });
});

describe("unchangedObject in escaped text", () => {
  it("is not fooled by the object's JSON quoted inside an annotation", () => {
    const web = cached("uid-web", "100");
    const quoted = JSON.stringify({ metadata: { uid: "uid-web", resourceVersion: "100" } });
    const bytes = line({
      metadata: { uid: "uid-web", resourceVersion: "101", annotations: { applied: quoted } },
    });
    expect(unchangedObject(bytes, index(web))).toBeUndefined();
  });

  it("knows an object whose resourceVersion is not a plain number", () => {
    const odd = cached("uid-odd", "v1.0-abc");
    const zero = cached("uid-zero", "007");
    const byVersion = index(odd, zero, cached("uid-seven", "7"));
    expect(
      unchangedObject(line({ metadata: { uid: "uid-odd", resourceVersion: "v1.0-abc" } }), byVersion),
    ).toBe(odd);
    expect(unchangedObject(line({ metadata: { uid: "uid-zero", resourceVersion: "007" } }), byVersion)).toBe(
      zero,
    );
    // "7" is another resourceVersion than "007": uid-zero at "7" is a change.
    expect(
      unchangedObject(line({ metadata: { uid: "uid-zero", resourceVersion: "7" } }), byVersion),
    ).toBeUndefined();
  });
});

describe("versionKey", () => {
  const rvs = [
    "0",
    "7",
    "100",
    "007",
    "00",
    "123456789012345",
    "1234567890123456",
    "12a",
    "-1",
    "1.5",
    "",
    "ü1",
  ];
  it("gives two resourceVersions the same key only when they are the same string", () => {
    const keys = rvs.map(versionKey);
    for (let i = 0; i < rvs.length; i++)
      for (let j = 0; j < rvs.length; j++) expect(Object.is(keys[i], keys[j])).toBe(i === j);
  });

  it("reads the same key from bytes as from the string", () => {
    for (const rv of rvs) {
      const bytes = Buffer.from(`"resourceVersion":"${rv}"`);
      const from = bytes.indexOf(":") + 2;
      expect(versionKeyIn(bytes, from, bytes.length - 1)).toBe(versionKey(rv));
    }
  });
});

describe("LineSplitter", () => {
  const events = [
    { type: "ADDED", object: { metadata: { name: "grüße-🚀", uid: "u1" } } },
    { type: "MODIFIED", object: { metadata: { name: 'say "hi"\n', uid: "u2" } } },
    { type: "BOOKMARK", object: { metadata: { resourceVersion: "7" } } },
  ];
  const stream = Buffer.from(`${events.map((e) => JSON.stringify(e)).join("\n")}\n`);
  const read = (parts: Buffer[]) => {
    const splitter = new LineSplitter();
    const out: unknown[] = [];
    for (const p of parts)
      splitter.push(p, (b, start, end) => void out.push(JSON.parse(b.toString("utf8", start, end))));
    return out;
  };
  const lines = (splitter: LineSplitter, chunk: Buffer) => {
    const out: string[] = [];
    splitter.push(chunk, (b, start, end) => void out.push(b.toString("utf8", start, end)));
    return out;
  };

  it("gives every line whole, whatever the chunks, even cut inside a multi-byte character", () => {
    const emoji = stream.indexOf(Buffer.from("🚀"));
    const umlaut = stream.indexOf(Buffer.from("ü"));
    expect(read([stream])).toEqual(events);
    expect(read(chunks(stream, [umlaut + 1, emoji + 2, emoji + 3]))).toEqual(events);
    // Every single-byte cut, and every chunk one byte long.
    for (let cut = 1; cut < stream.length; cut++) expect(read(chunks(stream, [cut]))).toEqual(events);
    expect(
      read(
        chunks(
          stream,
          Array.from({ length: stream.length - 1 }, (_, i) => i + 1),
        ),
      ),
    ).toEqual(events);
  });

  it("keeps a line without its newline until the newline comes, and skips blank lines", () => {
    const splitter = new LineSplitter();
    expect(lines(splitter, Buffer.from('{"type":"ADDED"'))).toEqual([]);
    expect(lines(splitter, Buffer.from("}\n\r\n\n"))).toEqual(['{"type":"ADDED"}']);
  });

  it("does not keep a view of a chunk the transport may reuse", () => {
    const splitter = new LineSplitter();
    const chunk = Buffer.from('{"a":1}\n{"b":');
    lines(splitter, chunk);
    chunk.fill(0x20);
    expect(lines(splitter, Buffer.from("2}\n"))).toEqual(['{"b":2}']);
  });

  it("joins lines cut by many chunks, however long, one after another in its reused buffer", () => {
    // Longer than the buffer it starts with (64 KB), and longer than the one it keeps (1 MB).
    const texts = ["x".repeat(200_000), "short", "y".repeat(1_500_000), "z".repeat(70_000), "end"];
    const all = Buffer.from(`${texts.map((t) => JSON.stringify({ t })).join("\n")}\n`);
    const cuts = Array.from({ length: Math.floor(all.length / 7001) }, (_, i) => (i + 1) * 7001);
    const splitter = new LineSplitter();
    const out: string[] = [];
    for (const c of chunks(all, cuts))
      splitter.push(c, (b, start, end) => void out.push(JSON.parse(b.toString("utf8", start, end)).t));
    expect(out).toEqual(texts);
  });

  it("stops at the line its reader stops at", () => {
    const seen: string[] = [];
    new LineSplitter().push(Buffer.from("a\nb\nc\n"), (b, start, end) => {
      seen.push(b.toString("utf8", start, end));
      return seen.length === 2;
    });
    expect(seen).toEqual(["a", "b"]);
  });
});

describe("ListItemSplitter", () => {
  const items = [
    { metadata: { name: "a", uid: "u1", annotations: { note: 'braces } ] { [ and "quotes\\" ,' } } },
    { metadata: { name: "grüße-🚀", uid: "u2" }, spec: { items: [{ metadata: {} }], list: [[1], {}] } },
    { metadata: { name: "c", uid: "u3" }, status: { message: "\\" } },
  ];
  const list = {
    kind: "ClusterList",
    apiVersion: "cluster.x-k8s.io/v1beta2",
    metadata: { resourceVersion: "42", continue: 'tok"en' },
    items,
  };
  const bytes = Buffer.from(JSON.stringify(list, null, 1));
  const read = (parts: Buffer[]) => {
    const splitter = new ListItemSplitter();
    const out: unknown[] = [];
    for (const p of parts)
      splitter.push(p, (b, start, end) => void out.push(JSON.parse(b.toString("utf8", start, end))));
    return { items: out, metadata: splitter.metadata() };
  };

  it("gives each item and the list's metadata whatever the chunks, escapes and nesting", () => {
    const expected = { items, metadata: list.metadata };
    expect(read([bytes])).toEqual(expected);
    for (let cut = 1; cut < bytes.length; cut++) expect(read(chunks(bytes, [cut]))).toEqual(expected);
    expect(
      read(
        chunks(
          bytes,
          Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
        ),
      ),
    ).toEqual(expected);
  });

  it("gives an item as soon as its last byte came, before the list ends", () => {
    const splitter = new ListItemSplitter();
    const end = bytes.indexOf(Buffer.from('"u2"'));
    const out: unknown[] = [];
    splitter.push(
      bytes.subarray(0, end),
      (b, start, to) => void out.push(JSON.parse(b.toString("utf8", start, to))),
    );
    expect(out).toEqual([items[0]]);
  });

  it("gives items cut by many chunks, however long, and does not keep a view of a chunk", () => {
    const long = [
      { a: "x".repeat(200_000) },
      { b: 1 },
      { c: "y".repeat(1_500_000) },
      { d: "z".repeat(70_000) },
    ];
    const all = Buffer.from(
      JSON.stringify({ kind: "List", metadata: { resourceVersion: "5" }, items: long }),
    );
    const cuts = Array.from({ length: Math.floor(all.length / 7001) }, (_, i) => (i + 1) * 7001);
    const splitter = new ListItemSplitter();
    const out: unknown[] = [];
    for (const c of chunks(Buffer.from(all), cuts)) {
      splitter.push(c, (b, start, end) => void out.push(JSON.parse(b.toString("utf8", start, end))));
      // The transport may reuse a chunk's memory once it was handed on.
      c.fill(0x20);
    }
    expect(out).toEqual(long);
    expect(splitter.metadata()).toEqual({ resourceVersion: "5" });
  });

  it("reads the metadata wherever it comes, and an empty or missing items list", () => {
    const last = Buffer.from('{"items":[],"kind":"List","metadata":{"resourceVersion":"9"}}');
    expect(read([last])).toEqual({ items: [], metadata: { resourceVersion: "9" } });
    expect(read([Buffer.from('{"kind":"List","metadata":{}}')])).toEqual({ items: [], metadata: {} });
  });
});
