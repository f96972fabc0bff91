import { describe, expect, it } from "vitest";
import { pageWindow } from "./page-window.ts";

describe("pageWindow", () => {
  it("cuts 2,004 rows into pages of 100, the last one short", () => {
    expect(pageWindow(2004, 1, 100)).toEqual({ page: 1, pages: 21, start: 0, end: 100 });
    expect(pageWindow(2004, 2, 100)).toEqual({ page: 2, pages: 21, start: 100, end: 200 });
    expect(pageWindow(2004, 21, 100)).toEqual({ page: 21, pages: 21, start: 2000, end: 2004 });
  });

  it("shows the nearest page for a page number from an old link or a typo", () => {
    expect(pageWindow(250, 9, 100)).toEqual({ page: 3, pages: 3, start: 200, end: 250 });
    expect(pageWindow(250, 0, 100).page).toBe(1);
    expect(pageWindow(250, -3, 100).page).toBe(1);
    expect(pageWindow(250, Number.NaN, 100).page).toBe(1);
    expect(pageWindow(250, 1.5, 100).page).toBe(1);
  });

  it("has one empty page when there are no rows", () => {
    expect(pageWindow(0, 4, 100)).toEqual({ page: 1, pages: 1, start: 0, end: 0 });
  });
});
