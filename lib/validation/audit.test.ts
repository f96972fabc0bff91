import { describe, expect, it } from "vitest";
import { auditSearch, parseAuditQuery } from "./audit.ts";

describe("audit query", () => {
  it("reads filters from the URL, dropping empty and unknown values", () => {
    const q = parseAuditQuery(new URLSearchParams("person=alice&cluster=&outcome=bogus&dir=newer&x=1"));
    expect(q).toEqual({
      person: "alice",
      cluster: undefined,
      action: undefined,
      outcome: undefined,
      team: undefined,
      cursor: undefined,
      dir: "newer",
    });
    expect(parseAuditQuery({ outcome: ["refused", "allowed"] }).outcome).toBe("refused");
  });

  it("builds shareable links that keep the filters and change the cursor", () => {
    const q = parseAuditQuery(new URLSearchParams("person=alice&outcome=refused"));
    expect(auditSearch(q, { cursor: "abc", dir: "older" })).toBe(
      "?person=alice&outcome=refused&cursor=abc&dir=older",
    );
    expect(auditSearch(parseAuditQuery(new URLSearchParams()), {})).toBe("");
  });
});
