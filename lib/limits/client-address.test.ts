import { describe, expect, it } from "vitest";
import { clientAddress, trustedProxyCount } from "./client-address.ts";

describe("clientAddress", () => {
  it("is the socket address Next.js filled in when no proxy is trusted", () => {
    expect(clientAddress("127.0.0.1", 0)).toBe("127.0.0.1");
  });

  it("behind one trusted proxy, is the address that proxy appended, not the client's claim", () => {
    expect(clientAddress("6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
  });

  it("behind two, is the entry the outermost proxy appended", () => {
    expect(clientAddress("6.6.6.6, 203.0.113.7, 10.0.0.2", 2)).toBe("203.0.113.7");
  });

  it("does not run off the left end when fewer hops came than proxies are trusted", () => {
    expect(clientAddress("203.0.113.7", 3)).toBe("203.0.113.7");
  });

  it("is 'unknown' without a header", () => {
    expect(clientAddress(null, 0)).toBe("unknown");
    expect(clientAddress(" , ", 1)).toBe("unknown");
  });
});

describe("trustedProxyCount", () => {
  it.each([
    [undefined, 0],
    ["", 0],
    ["2", 2],
    ["-1", 0],
    ["yes", 0],
    ["1.5", 0],
  ])("reads %s as %d", (value, n) => {
    expect(trustedProxyCount(value)).toBe(n);
  });
});
