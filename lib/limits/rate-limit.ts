/**
 * In-process rate limits: a token bucket per key. Per process: with several console replicas each
 * one counts on its own, so the effective limit is the configured one times the replica count (a
 * shared store is the step after this one).
 */

/** A rate: `limit` requests per `windowMs`, refilled evenly. */
export type Rate = { limit: number; windowMs: number };

/** The answer to one request: let it through, or wait `retryAfterSeconds`. */
export type Verdict = { ok: true } | { ok: false; retryAfterSeconds: number };

const UNITS: Record<string, number> = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/**
 * Reads a rate such as `60/min`, `10/s` or `600/h` (a bare number means per minute); anything
 * unreadable or not positive yields `fallback`, so a typo in the environment never disables a limit.
 */
export function parseRate(text: string | undefined, fallback: Rate): Rate {
  const m = text?.trim().match(/^(\d+)\s*(?:\/\s*(s|m|min|h))?$/);
  if (!m) return fallback;
  const limit = Number(m[1]);
  const windowMs = UNITS[m[2] ?? "min"] ?? 60_000;
  return limit > 0 ? { limit, windowMs } : fallback;
}

type Bucket = { tokens: number; at: number };

/**
 * A token bucket per key: `limit` tokens, refilled at `limit / windowMs`, so a burst of `limit`
 * passes and then one request per `windowMs / limit`. Full buckets are forgotten, so memory follows
 * the keys active within one window, not every address ever seen.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  readonly rate: Rate;

  constructor(rate: Rate) {
    this.rate = rate;
  }

  /** Takes one token for `key` at time `now` (ms). */
  take(key: string, now: number = Date.now()): Verdict {
    const { limit, windowMs } = this.rate;
    const perMs = limit / windowMs;
    this.sweep(now);
    const b = this.buckets.get(key);
    const tokens = b ? Math.min(limit, b.tokens + (now - b.at) * perMs) : limit;
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      return { ok: true };
    }
    this.buckets.set(key, { tokens, at: now });
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
  }

  /** Keys currently tracked (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.rate.windowMs) return;
    this.lastSweep = now;
    for (const [key, b] of this.buckets) {
      if (now - b.at >= this.rate.windowMs) this.buckets.delete(key);
    }
  }
}

/**
 * Takes a token from every (limiter, key) pair and answers with the longest wait among those
 * refused. All are charged even when one refuses, so alternating keys does not dodge a limit.
 */
export function takeAll(pairs: ReadonlyArray<readonly [RateLimiter, string]>, now = Date.now()): Verdict {
  let wait = 0;
  for (const [limiter, key] of pairs) {
    const v = limiter.take(key, now);
    if (!v.ok) wait = Math.max(wait, v.retryAfterSeconds);
  }
  return wait ? { ok: false, retryAfterSeconds: wait } : { ok: true };
}
