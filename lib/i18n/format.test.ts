import { describe, expect, it } from "vitest";
import {
  compareIso,
  compareNatural,
  formatAge,
  formatDate,
  formatExactTime,
  formatList,
  formatNumber,
  formatRelativeTime,
} from "./format.ts";

const AT = "2026-11-30T10:00:00Z";
const NOW = Date.parse(AT);

describe("formatAge", () => {
  const now = Date.parse("2026-11-24T12:00:00Z");
  it.each([
    ["2026-11-24T11:59:15Z", "45s"],
    ["2026-11-24T11:48:00Z", "12m"],
    ["2026-11-24T07:00:00Z", "5h"],
    ["2026-11-21T12:00:00Z", "3d"],
    ["2026-11-24T12:00:05Z", "0s"],
  ])("%s is %s old, as kubectl says it", (since, age) => {
    expect(formatAge(since, now, "en")).toBe(age);
  });

  it("uses German units on a German page", () => {
    expect(formatAge("2026-11-24T11:48:00Z", now, "de")).toBe("12 Min.");
    expect(formatAge("2026-11-24T07:00:00Z", now, "de")).toBe("5 Std.");
  });
});

describe("formatRelativeTime", () => {
  it("speaks the reader's language", () => {
    expect(formatRelativeTime("2026-11-30T09:57:00Z", NOW, "de")).toBe("vor 3 Minuten");
    expect(formatRelativeTime("2026-11-30T09:57:00Z", NOW, "en")).toBe("3 minutes ago");
  });

  it("rounds to the unit a person would use", () => {
    expect(formatRelativeTime("2026-11-30T09:59:15Z", NOW, "en")).toBe("45 seconds ago");
    expect(formatRelativeTime("2026-11-30T08:00:00Z", NOW, "en")).toBe("2 hours ago");
    expect(formatRelativeTime("2026-11-27T10:00:00Z", NOW, "de")).toBe("vor 3 Tagen");
    expect(formatRelativeTime("2026-12-05T10:00:00Z", NOW, "de")).toBe("in 5 Tagen");
  });

  it("says an unreadable time as it came", () => {
    expect(formatRelativeTime("soon", NOW, "en")).toBe("soon");
  });
});

describe("formatExactTime", () => {
  it("formats in UTC with the reader's date order", () => {
    expect(formatExactTime(AT, "de")).toBe("30.11.2026, 10:00:00 UTC");
    expect(formatExactTime(AT, "en")).toBe("Nov 30, 2026, 10:00:00 AM UTC");
    expect(formatDate(AT, "de")).toBe("30.11.2026");
  });
});

describe("formatNumber", () => {
  it("groups and separates decimals by locale", () => {
    expect(formatNumber(12345.6, "de")).toBe("12.345,6");
    expect(formatNumber(12345.6, "en")).toBe("12,345.6");
  });
});

describe("formatters made once per language", () => {
  it("keeps each language's words apart however the calls interleave", () => {
    const at = "2026-11-30T09:57:00Z";
    const said = ["de", "en", "de", "en"].map((l) => formatRelativeTime(at, NOW, l as "de" | "en"));
    expect(said).toEqual(["vor 3 Minuten", "3 minutes ago", "vor 3 Minuten", "3 minutes ago"]);
    expect(formatNumber(0.5, "en", { style: "percent" })).toBe("50%");
    expect(formatNumber(0.5, "en")).toBe("0.5");
    expect(formatAge("2026-11-30T09:48:00Z", NOW, "en")).toBe("12m");
    expect(formatAge("2026-11-30T05:00:00Z", NOW, "en")).toBe("5h");
  });
});

describe("compareNatural", () => {
  it("orders numbered names as people count", () => {
    expect(["c-10", "c-2", "c-1", "b-3"].sort(compareNatural)).toEqual(["b-3", "c-1", "c-2", "c-10"]);
    expect(["v1.9", "v1.10", "v1.34", "v1.4"].sort(compareNatural)).toEqual([
      "v1.4",
      "v1.9",
      "v1.10",
      "v1.34",
    ]);
  });
});

describe("compareIso", () => {
  it("orders timestamps in time and an absent one first", () => {
    const rows = [
      { at: "2026-11-30T10:00:00Z" },
      { at: undefined },
      { at: "2026-01-02T00:00:00Z" },
      { at: null },
    ];
    expect(rows.sort((a, b) => compareIso(a.at, b.at)).map((r) => r.at)).toEqual([
      undefined,
      null,
      "2026-01-02T00:00:00Z",
      "2026-11-30T10:00:00Z",
    ]);
  });
});

describe("formatList", () => {
  it("joins names as the reader's language does", () => {
    expect(formatList(["cert-manager", "an ingress"], "en")).toBe("cert-manager and an ingress");
    expect(formatList(["cert-manager", "ein Ingress"], "de")).toBe("cert-manager und ein Ingress");
    expect(formatList(["A", "B", "C"], "en")).toBe("A, B, and C");
    expect(formatList(["A", "B", "C"], "de")).toBe("A, B und C");
    expect(formatList(["A"], "de")).toBe("A");
  });

  it("joins alternatives with or / oder", () => {
    expect(formatList(["Traefik", "NGINX"], "en", "disjunction")).toBe("Traefik or NGINX");
    expect(formatList(["Traefik", "NGINX"], "de", "disjunction")).toBe("Traefik oder NGINX");
  });
});
