import { describe, expect, it } from "vitest";
import { servedOverHttps } from "./https.ts";

describe("servedOverHttps", () => {
  it("is true for an https public URL, whatever the request says", () => {
    expect(servedOverHttps("https://console.example.com", null, 0)).toBe(true);
  });

  it("ignores X-Forwarded-Proto when no proxy is trusted: any client could send it", () => {
    expect(servedOverHttps("http://localhost:3100", "https", 0)).toBe(false);
  });

  it("believes a trusted proxy's first X-Forwarded-Proto", () => {
    expect(servedOverHttps(undefined, "https, http", 1)).toBe(true);
    expect(servedOverHttps(undefined, "http", 1)).toBe(false);
  });
});
