import "server-only";
import type { Db } from "@/db/client.ts";
import { revokeApiTokensForSubject } from "@/db/queries/api-tokens.ts";
import {
  type ActiveSession,
  claimRefresh,
  completeRefresh,
  getActiveSession,
  releaseRefresh,
  revokeSession,
} from "@/db/queries/sessions.ts";
import { decryptSecret, encryptionKeyFromEnv } from "@/lib/crypto.ts";
import { logger } from "@/lib/logger.ts";
import { claimGroups, claimString } from "./claims.ts";
import { oidcSettings } from "./config.ts";
import { refreshAtIdp } from "./idp.ts";
import { refreshTokenContext, sealRefreshToken } from "./tokens.ts";

/**
 * Identity freshness: a session's groups and validity follow the IdP within
 * `KAAS_IDENTITY_REFRESH` seconds (default 300). From 80 % of that age (or 10 s before the access
 * token ends) the first request refreshes at the IdP; the others go on with what they have until
 * the full age, and wait for that refresh only past it. One refresh per session at a time: in a
 * process by a shared promise, across processes by a claim on the session row.
 */
export type FreshnessPolicy = {
  /** Seconds after which an identity is not used without the IdP's word (the bound). */
  maxAgeSeconds: number;
  /** Seconds after which the first request refreshes. */
  dueAfterSeconds: number;
  /** Refresh when the access token ends within this many seconds. */
  expirySkewSeconds: number;
  /** A claim older than this is taken to be abandoned (its process died). */
  claimTtlSeconds: number;
  /** How long a request waits for another process's refresh past the bound. */
  waitMs: number;
};

/** The policy from `KAAS_IDENTITY_REFRESH`; throws on a value that is not a positive number of seconds. */
export function freshnessPolicy(env: Record<string, string | undefined> = process.env): FreshnessPolicy {
  const raw = env.KAAS_IDENTITY_REFRESH ?? "300";
  const maxAge = Number(raw);
  if (!Number.isFinite(maxAge) || maxAge < 2 || maxAge > 86_400) {
    throw new Error(`KAAS_IDENTITY_REFRESH must be a number of seconds from 2 to 86400, not "${raw}"`);
  }
  return {
    maxAgeSeconds: maxAge,
    dueAfterSeconds: maxAge * 0.8,
    expirySkewSeconds: Math.min(10, maxAge * 0.2),
    claimTtlSeconds: 30,
    waitMs: 10_000,
  };
}

/** Whether the first request should refresh now. */
export function isDue(s: ActiveSession, p: FreshnessPolicy): boolean {
  return (
    s.identityAgeSeconds >= p.dueAfterSeconds ||
    (s.tokenSecondsLeft !== null && s.tokenSecondsLeft < p.expirySkewSeconds)
  );
}

/** Whether the identity is past the bound (or its access token has ended): not usable as it is. */
export function isStale(s: ActiveSession, p: FreshnessPolicy): boolean {
  return s.identityAgeSeconds >= p.maxAgeSeconds || (s.tokenSecondsLeft !== null && s.tokenSecondsLeft <= 0);
}

const inflight = new Map<string, Promise<ActiveSession | undefined>>();
/** When a refresh last found the IdP unreachable, per session: retried at most every 5 s. */
const unreachableSince = new Map<string, number>();

/**
 * The session with this id, refreshed at the IdP first when its identity is due; undefined when
 * it is revoked, expired, refused by the IdP, or stale with no way to refresh it now.
 */
export async function freshSession(
  db: Db,
  id: string,
  policy: FreshnessPolicy = freshnessPolicy(),
): Promise<ActiveSession | undefined> {
  const session = await getActiveSession(db, id);
  if (!session || !isDue(session, policy)) return session;
  let pending = inflight.get(id);
  if (!pending) {
    pending = refreshOnce(db, session, policy).finally(() => inflight.delete(id));
    inflight.set(id, pending);
  }
  return pending;
}

async function refreshOnce(
  db: Db,
  session: ActiveSession,
  policy: FreshnessPolicy,
): Promise<ActiveSession | undefined> {
  const failedAt = unreachableSince.get(session.id);
  if (failedAt !== undefined && Date.now() - failedAt < 5_000) {
    return isStale(session, policy) ? undefined : session;
  }
  const won = await claimRefresh(db, session.id, policy);
  if (!won) return isStale(session, policy) ? waitForRefresh(db, session.id, policy) : session;

  const log = { subject: session.subject };
  let refreshToken: string | null = null;
  try {
    refreshToken = won.refreshToken
      ? decryptSecret(won.refreshToken, refreshTokenContext(session.subject), encryptionKeyFromEnv())
      : null;
  } catch {
    refreshToken = null;
  }
  if (!refreshToken) {
    // Nothing to ask the IdP with (it gave no refresh token, or KAAS_ENCRYPTION_KEY is missing or
    // changed): the identity cannot be confirmed, so it ends at the bound and the user signs in again.
    await releaseRefresh(db, session.id, won.claim);
    if (!isStale(session, policy)) return session;
    await revokeSession(db, session.id, "identity-expired");
    logger.info({ event: "auth.session.identity_expired", ...log }, "session ended: no refresh token");
    return undefined;
  }

  const outcome = await refreshAtIdp(refreshToken);
  if (outcome.kind === "unavailable") {
    await releaseRefresh(db, session.id, won.claim);
    unreachableSince.set(session.id, Date.now());
    logger.warn(
      { event: "auth.refresh.unavailable", ...log, err: outcome.error },
      "identity provider unreachable",
    );
    return isStale(session, policy) ? undefined : session;
  }
  unreachableSince.delete(session.id);
  if (outcome.kind === "refused") {
    await revokeSession(db, session.id, "idp-refused");
    // The IdP no longer vouches for the user: their API tokens end with the session.
    await revokeApiTokensForSubject(db, session.subject);
    logger.info(
      { event: "auth.refresh.refused", ...log, error: outcome.error },
      "identity provider refused: session ended",
    );
    return undefined;
  }

  const s = oidcSettings();
  const subject = claimString(outcome.claims, s.usernameClaim);
  if (subject !== undefined && subject !== session.subject) {
    // The IdP answered for someone else: never let a session change whose it is.
    await revokeSession(db, session.id, "idp-refused");
    await revokeApiTokensForSubject(db, session.subject);
    logger.warn({ event: "auth.refresh.subject_changed", ...log }, "refresh answered another subject");
    return undefined;
  }
  const stored = await completeRefresh(db, session.id, won.claim, {
    groups: claimGroups(outcome.claims, s.groupsClaim),
    name: claimString(outcome.claims, "name") ?? claimString(outcome.claims, "preferred_username"),
    email: claimString(outcome.claims, "email"),
    idToken: outcome.idToken,
    // Without rotation the old token stays valid and stays stored.
    refreshToken: outcome.refreshToken
      ? sealRefreshToken(outcome.refreshToken, session.subject)
      : won.refreshToken,
    accessTokenExpiresAt: outcome.accessTokenExpiresAt,
  });
  if (!stored) return undefined;
  logger.debug({ event: "auth.refresh.done", ...log }, "identity refreshed");
  return getActiveSession(db, session.id);
}

/** Past the bound while another process refreshes: wait for its result, never use the stale identity. */
async function waitForRefresh(
  db: Db,
  id: string,
  policy: FreshnessPolicy,
): Promise<ActiveSession | undefined> {
  const deadline = Date.now() + policy.waitMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    const s = await getActiveSession(db, id);
    if (!s) return undefined;
    if (!isStale(s, policy)) return s;
  }
  return undefined;
}
