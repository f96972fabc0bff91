import { describe, expect, it } from "vitest";
import { consoleOrigin, originRefusal } from "./origin.ts";

describe("consoleOrigin", () => {
  it("is AUTH_URL's origin when set, whatever the request's host", () => {
    expect(consoleOrigin("https://console.example.com/base", "evil.example", "http")).toBe(
      "https://console.example.com",
    );
  });

  it("is the request's host without AUTH_URL", () => {
    expect(consoleOrigin(undefined, "localhost:3100", "http")).toBe("http://localhost:3100");
  });

  it("is null when nothing says", () => {
    expect(consoleOrigin(undefined, null, "http")).toBeNull();
  });
});

describe("originRefusal", () => {
  const own = "https://console.example.com";

  it("lets the console's own pages through", () => {
    expect(originRefusal(own, own)).toBeNull();
  });

  it.each([null, "", "null"])("refuses a missing Origin (%s)", (origin) => {
    expect(originRefusal(origin, own)).toMatch(/did not say where it came from/);
  });

  it.each([
    "https://evil.example",
    "http://console.example.com",
    "https://console.example.com:8443",
    "https://console.example.com.evil.example",
  ])("refuses another origin: %s", (origin) => {
    expect(originRefusal(origin, own)).toMatch(/another site/);
  });

  it("refuses everything when the console's origin is unknown", () => {
    expect(originRefusal(own, null)).toMatch(/another site/);
  });
});
