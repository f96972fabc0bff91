import { describe, expect, it } from "vitest";
import { parseRate, RateLimiter, takeAll } from "./rate-limit.ts";

const MIN = { limit: 60, windowMs: 60_000 };

describe("parseRate", () => {
  it.each([
    ["60/min", { limit: 60, windowMs: 60_000 }],
    ["60/m", { limit: 60, windowMs: 60_000 }],
    ["10/s", { limit: 10, windowMs: 1000 }],
    ["600 / h", { limit: 600, windowMs: 3_600_000 }],
    ["30", { limit: 30, windowMs: 60_000 }],
  ])("reads %s", (text, rate) => {
    expect(parseRate(text, MIN)).toEqual(rate);
  });

  it.each([undefined, "", "0/min", "-5/min", "lots", "5/day"])("falls back on %s", (text) => {
    expect(parseRate(text, MIN)).toEqual(MIN);
  });
});

describe("RateLimiter", () => {
  it("lets a burst of `limit` through, then asks to wait for the next token", () => {
    const l = new RateLimiter({ limit: 3, windowMs: 60_000 });
    expect([l.take("u", 0), l.take("u", 0), l.take("u", 0)].every((v) => v.ok)).toBe(true);
    // One token comes back every 20 s.
    expect(l.take("u", 0)).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(l.take("u", 15_000)).toEqual({ ok: false, retryAfterSeconds: 5 });
    expect(l.take("u", 20_000)).toEqual({ ok: true });
  });

  it("counts each key on its own", () => {
    const l = new RateLimiter({ limit: 1, windowMs: 1000 });
    expect(l.take("a", 0).ok).toBe(true);
    expect(l.take("a", 0).ok).toBe(false);
    expect(l.take("b", 0).ok).toBe(true);
  });

  it("never answers a wait under one second", () => {
    const l = new RateLimiter({ limit: 100, windowMs: 1000 });
    for (let i = 0; i < 100; i++) l.take("u", 0);
    expect(l.take("u", 0)).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it("forgets keys idle for a whole window, so memory follows active keys", () => {
    const l = new RateLimiter({ limit: 5, windowMs: 1000 });
    for (let i = 0; i < 50; i++) l.take(`addr-${i}`, 0);
    expect(l.size).toBe(50);
    l.take("late", 5000);
    expect(l.size).toBe(1);
  });
});

describe("takeAll", () => {
  it("charges every key even when one refuses, and answers the longest wait", () => {
    const user = new RateLimiter({ limit: 1, windowMs: 10_000 });
    const addr = new RateLimiter({ limit: 2, windowMs: 60_000 });
    const alice = [
      [user, "alice"],
      [addr, "10.0.0.1"],
    ] as const;
    expect(takeAll(alice, 0)).toEqual({ ok: true });
    // Alice is over her limit; the attempt still spends the address's last token…
    expect(takeAll(alice, 0)).toEqual({ ok: false, retryAfterSeconds: 10 });
    // …so hammering as one user cannot leave the address's budget whole for the next.
    expect(
      takeAll(
        [
          [user, "bob"],
          [addr, "10.0.0.1"],
        ],
        0,
      ),
    ).toEqual({ ok: false, retryAfterSeconds: 30 });
  });
});
