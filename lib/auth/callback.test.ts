import { describe, expect, it } from "vitest";
import { authRedirect, DEFAULT_CALLBACK_PATH, MAX_CALLBACK_LENGTH, safeCallbackPath } from "./callback.ts";

const BASE = "http://console.invalid";

/** Where a browser on the console would end up if it followed `Location: <path>`. */
const originSeenByBrowser = (path: string) => new URL(path, `${BASE}/login?x=1`).origin;

describe("safeCallbackPath", () => {
  it.each([
    "/teams/team-a/clusters?sort=name",
    "/status?team=team-a&health=failing",
    "/teams/team-a/clusters/web-prod#machines",
    "/status?health=failing",
    "/teams/team-a/registry/library/nginx",
    "/teams/team-a/audit?person=Alice%20Smith&outcome=refused",
    "/teams/team-a/audit?person=J%C3%BCrgen",
    "/admin/teams/team-b",
    "/no-team",
    "/",
  ])("keeps %s as it is", (path) => {
    expect(safeCallbackPath(path)).toBe(path);
  });

  it.each([
    // Paths that only look odd stay on the console; returned normalised, never to another origin.
    ["/@evil.example", "/@evil.example"],
    ["/x/../teams/team-a/clusters", "/teams/team-a/clusters"],
    ["/teams/team-a/clusters?next=//evil.example", "/teams/team-a/clusters?next=//evil.example"],
    [
      "/teams/team-a/clusters?next=https://evil.example/",
      "/teams/team-a/clusters?next=https://evil.example/",
    ],
    ["/evil.example:443/x", "/evil.example:443/x"],
  ])("keeps %s on this site as %s", (value, expected) => {
    const out = safeCallbackPath(value);
    expect(out).toBe(expected);
    expect(originSeenByBrowser(out)).toBe(BASE);
  });

  const hostile: [string, string | readonly string[] | null | undefined][] = [
    ["protocol-relative", "//evil.example"],
    ["protocol-relative with path", "//evil.example/x"],
    ["triple slash", "///evil.example"],
    ["tab after the slash (the reported hole)", "/\t/evil.example/"],
    ["newline after the slash", "/\n/evil.example"],
    ["CR LF after the slash", "/\r\n/evil"],
    ["encoded tab after the slash", "/%09/evil.example"],
    ["encoded CR LF", "/%0d%0a/evil.example"],
    ["NUL at the end", "/x\u0000"],
    ["encoded NUL", "/x%00"],
    ["DEL", "/x\u007f"],
    ["control character in the query", "/status?team=a\u0001"],
    ["encoded control character in the query", "/status?team=a%0d%0aSet-Cookie:x"],
    ["leading space", " /x"],
    ["space in the path", "/ /evil.example"],
    ["encoded space in the path", "/%20/evil.example"],
    ["slash backslash", "/\\evil.example"],
    ["backslash slash", "\\/evil"],
    ["two backslashes", "\\\\evil.example"],
    ["encoded backslash", "/%5cevil.example"],
    ["encoded backslash, upper case", "/%5Cevil.example"],
    ["backslash later in the path", "/teams\\..\\evil"],
    ["backslash in the query", "/status?x=\\"],
    ["encoded slashes after the slash", "/%2f%2fevil.example"],
    ["encoded slashes, upper case", "/%2F%2Fevil.example"],
    ["encoded slashes without a leading slash", "%2F%2Fevil"],
    ["double-encoded slashes", "/%252f%252fevil"],
    ["triple-encoded backslash", "/%25255cevil"],
    ["encoding nested past the bound", `/${"%25".repeat(1)}${"25".repeat(10)}2fevil`],
    ["dot segment collapsing into //", "/.//evil"],
    ["dot-dot segment collapsing into //", "/..//evil"],
    ["dot-dot from a deeper path", "/x/..//evil.example"],
    ["encoded dot collapsing into //", "/%2e//evil"],
    ["absolute https URL", "https://evil.example"],
    ["absolute http URL, one slash", "http:/evil"],
    ["scheme without slashes", "http:evil.example"],
    ["javascript: URL", "javascript:alert(1)"],
    ["data: URL", "data:text/html,x"],
    ["mixed-case scheme", "JaVaScRiPt:alert(1)"],
    ["authority with userinfo", "@evil.example"],
    ["userinfo after protocol-relative", "//console.invalid@evil.example"],
    ["fullwidth solidus twice", "／／evil.example"],
    ["fraction slash after the slash", "/⁄evil.example"],
    ["division slash after the slash", "/∕evil.example"],
    ["fullwidth reverse solidus", "/＼evil.example"],
    ["encoded fullwidth solidus", "/%EF%BC%8F%EF%BC%8Fevil.example"],
    ["unicode in the path", "/teams/tеam-a"],
    ["ideographic space", "/\u3000/evil.example"],
    ["very long path (10,000 characters)", `/${"a".repeat(9_999)}`],
    ["one over the limit", `/${"a".repeat(MAX_CALLBACK_LENGTH)}`],
    ["relative path without a slash", "evil.example"],
    ["query only", "?x=1"],
    ["empty string", ""],
    ["null", null],
    ["undefined", undefined],
    ["repeated parameter (an array)", ["/teams/team-a/clusters", "//evil.example"]],
    ["repeated parameter, hostile first", ["//evil.example", "/teams/team-a/clusters"]],
    ["empty array", []],
  ];

  it(`has a table of at least 30 hostile forms (${hostile.length})`, () => {
    expect(hostile.length).toBeGreaterThanOrEqual(30);
  });

  it.each(hostile)("refuses %s", (_, value) => {
    expect(safeCallbackPath(value)).toBe(DEFAULT_CALLBACK_PATH);
  });

  it("accepts a path up to the limit", () => {
    const path = `/${"a".repeat(MAX_CALLBACK_LENGTH - 1)}`;
    expect(safeCallbackPath(path)).toBe(path);
  });

  it("returns only values that stay on this origin and come back unchanged", () => {
    for (const [, value] of hostile) {
      const out = safeCallbackPath(value);
      expect(originSeenByBrowser(out)).toBe(BASE);
      expect(safeCallbackPath(out)).toBe(out);
    }
  });
});

describe("authRedirect (Auth.js's redirect callback)", () => {
  const baseUrl = "http://localhost:3100";

  it.each([
    ["/status?health=failing", `${baseUrl}/status?health=failing`],
    [`${baseUrl}/teams/team-a/clusters?sort=name`, `${baseUrl}/teams/team-a/clusters?sort=name`],
    [baseUrl, `${baseUrl}/`],
    ["/login", `${baseUrl}/login`],
  ])("keeps %s", (url, expected) => {
    expect(authRedirect({ url, baseUrl })).toBe(expected);
  });

  it.each([
    "https://evil.example/",
    "//evil.example",
    "/\t/evil.example/",
    `${baseUrl}//evil.example`,
    `${baseUrl}/\\evil.example`,
    `${baseUrl}@evil.example/`,
    `${baseUrl}.evil.example/`,
    "http://localhost:3101/teams",
    "javascript:alert(1)",
  ])("sends %s to the console's root", (url) => {
    expect(authRedirect({ url, baseUrl })).toBe(`${baseUrl}/`);
  });
});
