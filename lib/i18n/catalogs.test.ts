import { describe, expect, it } from "vitest";
import { type Catalog, flattenMessages, messageArguments } from "./catalog.ts";
import { LOCALES } from "./locales.ts";
import de from "./messages/de.json" with { type: "json" };
import en from "./messages/en.json" with { type: "json" };

const catalogs: Record<(typeof LOCALES)[number], Catalog> = { en, de };
const english = flattenMessages(en);

describe("message catalogs", () => {
  it("has a catalog per language", () => {
    expect(Object.keys(catalogs).sort()).toEqual([...LOCALES].sort());
  });

  for (const locale of LOCALES) {
    it(`${locale} has exactly the English keys`, () => {
      const keys = [...flattenMessages(catalogs[locale]).keys()].sort();
      const missing = [...english.keys()].filter((k) => !keys.includes(k));
      const extra = keys.filter((k) => !english.has(k));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    });

    it(`${locale} uses the same placeholders as English in every message`, () => {
      const differing: string[] = [];
      for (const [key, message] of flattenMessages(catalogs[locale])) {
        const source = english.get(key);
        if (source === undefined) continue;
        const mine = [...messageArguments(message)].sort();
        const theirs = [...messageArguments(source)].sort();
        if (mine.join() !== theirs.join()) differing.push(`${key}: ${mine.join()} ≠ ${theirs.join()}`);
      }
      expect(differing).toEqual([]);
    });

    it(`${locale} has no empty message`, () => {
      const empty = [...flattenMessages(catalogs[locale])].filter(([, m]) => m.trim() === "").map(([k]) => k);
      expect(empty).toEqual([]);
    });
  }
});

describe("messageArguments", () => {
  it("finds simple, formatted and plural arguments and rich-text tags", () => {
    expect([
      ...messageArguments(
        "{count, plural, one {# cluster in {team}} other {# clusters}} <b>now</b> {at, date}",
      ),
    ]).toEqual(["count", "team", "<b>", "at"]);
  });

  it("does not take a branch's text for an argument", () => {
    expect([...messageArguments("{n, select, on {enabled} other {disabled}}")]).toEqual(["n"]);
  });

  it("honours apostrophe quoting and refuses unbalanced braces", () => {
    expect([...messageArguments("'{literal}' {x}")]).toEqual(["x"]);
    expect(() => messageArguments("{x")).toThrow();
    expect(() => messageArguments("x}")).toThrow();
  });
});
