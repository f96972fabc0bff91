import "server-only";
import { headers } from "next/headers";
import { clientAddress, trustedProxyCount } from "./client-address.ts";
import { consoleOrigin, originRefusal } from "./origin.ts";
import { parseRate, RateLimiter, takeAll, type Verdict } from "./rate-limit.ts";
import { StreamSlots } from "./stream-slots.ts";

/**
 * The console's limits, configured from the environment and counted in this process (see README
 * "Configuration"): with several replicas each counts on its own.
 */
type Limits = {
  actionPerUser: RateLimiter;
  actionPerAddress: RateLimiter;
  signInPerAddress: RateLimiter;
  streams: StreamSlots;
  trustedProxies: number;
};

// On globalThis: route handlers and actions may be bundled apart, and Next's dev server re-evaluates
// modules on edit; either would otherwise give each its own counters.
const g = globalThis as typeof globalThis & { __kaasLimits?: Limits };

function limits(): Limits {
  if (g.__kaasLimits) return g.__kaasLimits;
  const action = parseRate(process.env.KAAS_ACTION_RATE, { limit: 60, windowMs: 60_000 });
  const maxStreams = Number(process.env.KAAS_MAX_STREAMS_PER_USER ?? 8);
  g.__kaasLimits = {
    actionPerUser: new RateLimiter(action),
    // Several people may share an address (an office NAT), so an address gets five users' worth.
    actionPerAddress: new RateLimiter({ ...action, limit: action.limit * 5 }),
    signInPerAddress: new RateLimiter(
      parseRate(process.env.KAAS_SIGNIN_RATE, { limit: 30, windowMs: 60_000 }),
    ),
    streams: new StreamSlots(Number.isInteger(maxStreams) && maxStreams > 0 ? maxStreams : 8),
    trustedProxies: trustedProxyCount(process.env.KAAS_TRUSTED_PROXIES),
  };
  return g.__kaasLimits;
}

/** The client's address for per-address limits (see {@link clientAddress}). */
export function requestAddress(h: Headers): string {
  return clientAddress(h.get("x-forwarded-for"), limits().trustedProxies);
}

/** The console's own origin for this request: `AUTH_URL`'s, else the request's host. */
function expectedOrigin(h: Headers): string | null {
  const trusted = limits().trustedProxies > 0;
  const host = (trusted && h.get("x-forwarded-host")) || h.get("host");
  const proto = (trusted && h.get("x-forwarded-proto")?.split(",")[0]?.trim()) || "http";
  return consoleOrigin(process.env.AUTH_URL, host, proto);
}

/**
 * The `Origin` check for a state-changing request: a refusal message, or null when it came from
 * the console's own pages. Next.js has its own check for actions, but it lets a missing Origin
 * through and trusts `X-Forwarded-Host`; this one refuses both.
 */
export function originCheck(h: Headers): string | null {
  return originRefusal(h.get("origin"), expectedOrigin(h));
}

/** Why a request was turned away before its input was read, and when to try again if it was its rate. */
export type Admission = { message: string; retryAfterSeconds: number | null };

/**
 * Everything a change's request must pass before its input is read: its Origin (unless it carries
 * a bearer token, which a browser never sends by itself, so no other site can ride on it), then
 * the rate limits of its user and of its address. A refusal, or null.
 */
export async function admitAction(
  subject: string,
  opts: { checkOrigin: boolean },
): Promise<Admission | null> {
  const h = await headers();
  if (opts.checkOrigin) {
    const wrongOrigin = originCheck(h);
    if (wrongOrigin) return { message: wrongOrigin, retryAfterSeconds: null };
  }
  const l = limits();
  const v = takeAll([
    [l.actionPerUser, subject],
    [l.actionPerAddress, requestAddress(h)],
  ]);
  return v.ok
    ? null
    : {
        message: `Too many changes in a short time; try again in ${v.retryAfterSeconds} seconds.`,
        retryAfterSeconds: v.retryAfterSeconds,
      };
}

/** Counts a sign-in attempt from this request's address. */
export function takeSignIn(h: Headers): Verdict {
  return limits().signInPerAddress.take(requestAddress(h));
}

/** Takes one of `subject`'s live-stream slots: its release, or null when all are in use. */
export function takeStreamSlot(subject: string): (() => void) | null {
  return limits().streams.acquire(subject);
}

/** A 429 for route handlers, with `Retry-After` and a message people can act on. */
export function tooManyRequests(retryAfterSeconds: number, error: string, message: string): Response {
  return Response.json(
    { error, message },
    {
      status: 429,
      headers: { "retry-after": String(retryAfterSeconds), "cache-control": "private, no-store" },
    },
  );
}
