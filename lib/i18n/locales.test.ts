import { describe, expect, it } from "vitest";
import { acceptedLanguages, resolveLocale } from "./locales.ts";

describe("resolveLocale", () => {
  it("takes the remembered choice over the browser's languages", () => {
    expect(resolveLocale("en", "de-DE,de;q=0.9")).toBe("en");
    expect(resolveLocale("de", "en-US")).toBe("de");
  });

  it("ignores a cookie naming a language the console does not speak", () => {
    expect(resolveLocale("fr", "de")).toBe("de");
    expect(resolveLocale("<script>", null)).toBe("en");
  });

  it("picks the browser's most preferred language the console speaks", () => {
    expect(resolveLocale(undefined, "fr-FR,fr;q=0.9,de;q=0.8,en;q=0.7")).toBe("de");
    expect(resolveLocale(undefined, "en;q=0.5,de-AT;q=0.8")).toBe("de");
    expect(resolveLocale(undefined, "de-CH")).toBe("de");
  });

  it("falls back to English", () => {
    expect(resolveLocale(undefined, undefined)).toBe("en");
    expect(resolveLocale(undefined, "fr, it;q=0.5")).toBe("en");
    expect(resolveLocale(undefined, "*")).toBe("en");
    expect(resolveLocale(undefined, "de;q=0")).toBe("en");
  });
});

describe("acceptedLanguages", () => {
  it("orders by quality, keeping the header's order on ties, one entry per language", () => {
    expect(acceptedLanguages("en-GB;q=0.8, de, en;q=0.8, fr;q=0.9")).toEqual(["de", "fr", "en"]);
  });

  it("drops entries with an unreadable quality and survives empty ones", () => {
    expect(acceptedLanguages(";;,de;q=abc,,en")).toEqual(["en"]);
  });
});
