import { describe, expect, it } from "vitest";
import { formatAge, formatBytes } from "./format.ts";

describe("formatAge", () => {
  const now = Date.parse("2026-11-24T12:00:00Z");
  it.each([
    ["2026-11-24T11:59:15Z", "45s"],
    ["2026-11-24T11:48:00Z", "12m"],
    ["2026-11-24T07:00:00Z", "5h"],
    ["2026-11-21T12:00:00Z", "3d"],
    ["2026-11-24T12:00:05Z", "0s"],
  ])("%s is %s old", (since, age) => {
    expect(formatAge(since, now)).toBe(age);
  });
});

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [999, "999 B"],
    [19_622, "19.6 kB"],
    [412_345, "412 kB"],
    [1_234_567, "1.2 MB"],
    [-1, "–"],
  ])("%d bytes read as %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
