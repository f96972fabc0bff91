import { describe, expect, it } from "vitest";
import type { ActiveSession } from "@/db/queries/sessions.ts";
import { sameGroups } from "./claims.ts";
import { freshnessPolicy, isDue, isStale } from "./freshness.ts";

const session = (identityAgeSeconds: number, tokenSecondsLeft: number | null): ActiveSession => ({
  id: "s",
  subject: "bob",
  email: null,
  name: null,
  groups: [],
  accessTokenExpiresAt: null,
  createdAt: new Date(),
  lastSeenAt: new Date(),
  expiresAt: new Date(),
  identityAgeSeconds,
  tokenSecondsLeft,
});

describe("freshness policy", () => {
  it("defaults to a 300 s bound, refreshing from 240 s or 10 s before the access token ends", () => {
    const p = freshnessPolicy({});
    expect(p).toMatchObject({ maxAgeSeconds: 300, dueAfterSeconds: 240, expirySkewSeconds: 10 });
  });

  it.each(["0", "-5", "abc", "1", "100000", ""])(
    "refuses KAAS_IDENTITY_REFRESH=%j with the variable's name",
    (v) => {
      expect(() => freshnessPolicy({ KAAS_IDENTITY_REFRESH: v })).toThrow(/KAAS_IDENTITY_REFRESH/);
    },
  );

  it.each([
    // age, token seconds left, due, stale
    [10, 3000, false, false],
    [239, null, false, false],
    [240, null, true, false],
    [299, 3000, true, false],
    [300, 3000, true, true],
    [10, 9, true, false],
    [10, 0, true, true],
    [10, -5, true, true],
  ])("identity %i s old with the token ending in %s s: due %s, stale %s", (ageS, left, due, stale) => {
    const p = freshnessPolicy({});
    expect(isDue(session(ageS, left), p)).toBe(due);
    expect(isStale(session(ageS, left), p)).toBe(stale);
  });

  it("scales the skew down for short bounds so a refresh is not due at once", () => {
    const p = freshnessPolicy({ KAAS_IDENTITY_REFRESH: "5" });
    expect(p.expirySkewSeconds).toBe(1);
    expect(isDue(session(1, 60), p)).toBe(false);
    expect(isDue(session(4, 60), p)).toBe(true);
  });
});

describe("sameGroups", () => {
  it("ignores order and repetition, not membership", () => {
    expect(sameGroups(["a", "b"], ["b", "a", "a"])).toBe(true);
    expect(sameGroups(["a"], ["a", "b"])).toBe(false);
    expect(sameGroups([], [])).toBe(true);
  });
});
