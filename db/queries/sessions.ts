import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { authSessions } from "../schema.ts";

/**
 * A live session as the rest of the app sees it. The OIDC tokens are left out on purpose, so the
 * object can be passed around (and into server components) without carrying secrets; read them
 * with {@link getSessionTokens} where a refresh or logout needs them.
 */
export type ActiveSession = {
  id: string;
  subject: string;
  email: string | null;
  name: string | null;
  groups: string[];
  accessTokenExpiresAt: Date | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** Seconds since the IdP last confirmed this identity, by the database clock (every replica agrees). */
  identityAgeSeconds: number;
  /** Seconds until the access token expires, by the database clock; null when the IdP gave no expiry. */
  tokenSecondsLeft: number | null;
};

export type SessionTokens = {
  idToken: string | null;
  refreshToken: string | null;
  accessTokenExpiresAt: Date | null;
};

const sessionColumns = {
  id: authSessions.id,
  subject: authSessions.subject,
  email: authSessions.email,
  name: authSessions.name,
  groups: authSessions.groups,
  accessTokenExpiresAt: authSessions.accessTokenExpiresAt,
  createdAt: authSessions.createdAt,
  lastSeenAt: authSessions.lastSeenAt,
  expiresAt: authSessions.expiresAt,
  identityAgeSeconds: sql<number>`extract(epoch from now() - ${authSessions.identityRefreshedAt})::float8`,
  tokenSecondsLeft: sql<
    number | null
  >`extract(epoch from ${authSessions.accessTokenExpiresAt} - now())::float8`,
};

// Expiry is judged by the database clock, so every replica agrees on it.
const isActive = (id: string) =>
  and(eq(authSessions.id, id), isNull(authSessions.revokedAt), gt(authSessions.expiresAt, sql`now()`));

/**
 * Stores a new session under a fresh id (32 random bytes, base64url) and returns it. The id is
 * the only thing the Auth.js cookie carries.
 */
export async function createSession(
  db: Db,
  input: {
    subject: string;
    email?: string | null;
    name?: string | null;
    groups: readonly string[];
    idToken?: string | null;
    refreshToken?: string | null;
    accessTokenExpiresAt?: Date | null;
    idpSubject?: string | null;
    idpSessionId?: string | null;
    expiresAt: Date;
  },
): Promise<ActiveSession> {
  const [row] = await db
    .insert(authSessions)
    .values({
      id: randomBytes(32).toString("base64url"),
      subject: input.subject,
      email: input.email ?? null,
      name: input.name ?? null,
      groups: [...input.groups],
      idToken: input.idToken ?? null,
      refreshToken: input.refreshToken ?? null,
      accessTokenExpiresAt: input.accessTokenExpiresAt ?? null,
      idpSubject: input.idpSubject ?? null,
      idpSessionId: input.idpSessionId ?? null,
      expiresAt: input.expiresAt,
    })
    .returning(sessionColumns);
  if (!row) throw new Error("createSession: insert returned no row");
  return row;
}

/**
 * The session with this id if it is neither revoked nor expired, else `undefined`. Bumps
 * `lastSeenAt` when it is more than a minute old: at most one write a minute per session, not one per request.
 */
export async function getActiveSession(db: Db, id: string): Promise<ActiveSession | undefined> {
  const [row] = await db
    .select({
      ...sessionColumns,
      stale: sql<boolean>`${authSessions.lastSeenAt} < now() - interval '1 minute'`,
    })
    .from(authSessions)
    .where(isActive(id))
    .limit(1);
  if (!row) return undefined;
  const { stale, ...session } = row;
  if (!stale) return session;
  const [touched] = await db
    .update(authSessions)
    .set({ lastSeenAt: sql`now()` })
    .where(isActive(id))
    .returning({ lastSeenAt: authSessions.lastSeenAt });
  // Revoked or expired between the two statements: report it as gone.
  return touched ? { ...session, lastSeenAt: touched.lastSeenAt } : undefined;
}

/** The OIDC tokens of an active session, for token refresh and RP-initiated logout only. */
export async function getSessionTokens(db: Db, id: string): Promise<SessionTokens | undefined> {
  const [row] = await db
    .select({
      idToken: authSessions.idToken,
      refreshToken: authSessions.refreshToken,
      accessTokenExpiresAt: authSessions.accessTokenExpiresAt,
    })
    .from(authSessions)
    .where(isActive(id))
    .limit(1);
  return row;
}

/** Why a session ended before its time, as the session row records it. */
export type EndedReason =
  | "signed-out"
  | "revoked-by-admin"
  | "idp-refused"
  | "idp-logout"
  | "identity-expired";

/** Revokes one session. Returns whether it was still unrevoked. */
export async function revokeSession(
  db: Db,
  id: string,
  reason: EndedReason = "signed-out",
): Promise<boolean> {
  const rows = await db
    .update(authSessions)
    .set({ revokedAt: sql`now()`, endedReason: reason })
    .where(and(eq(authSessions.id, id), isNull(authSessions.revokedAt)))
    .returning({ id: authSessions.id });
  return rows.length > 0;
}

/** Revokes every unrevoked session of one OIDC subject (sign out everywhere). Returns how many. */
export async function revokeSessionsForSubject(
  db: Db,
  subject: string,
  reason: EndedReason = "revoked-by-admin",
): Promise<number> {
  const rows = await db
    .update(authSessions)
    .set({ revokedAt: sql`now()`, endedReason: reason })
    .where(and(eq(authSessions.subject, subject), isNull(authSessions.revokedAt)))
    .returning({ id: authSessions.id });
  return rows.length;
}

/**
 * Stores refreshed tokens on an active session; fields left undefined keep their value. Returns
 * false when the session was revoked or expired meanwhile, so the caller drops the new tokens.
 */
export async function updateSessionTokens(
  db: Db,
  id: string,
  tokens: Partial<SessionTokens>,
): Promise<boolean> {
  const { idToken, refreshToken, accessTokenExpiresAt } = tokens;
  if (idToken === undefined && refreshToken === undefined && accessTokenExpiresAt === undefined) {
    throw new Error("updateSessionTokens: nothing to update");
  }
  const rows = await db
    .update(authSessions)
    .set({ idToken, refreshToken, accessTokenExpiresAt })
    .where(isActive(id))
    .returning({ id: authSessions.id });
  return rows.length > 0;
}

/**
 * The OIDC subjects that signed in with this email (case-insensitive), so an admin can add a
 * user by email: none when nobody with it has signed in yet, several when the issuer let them share it.
 */
export async function subjectsForEmail(db: Db, email: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ subject: authSessions.subject })
    .from(authSessions)
    .where(sql`lower(${authSessions.email}) = lower(${email})`)
    .orderBy(authSessions.subject);
  return rows.map((r) => r.subject);
}

/**
 * Ends the sessions an IdP's back-channel logout names: the one sign-in `sid` (of `sub`, when
 * both are given), else every session of `sub`. Both are the IdP's own identifiers, stored at
 * sign-in. Returns how many sessions ended.
 */
export async function endSessionsFromIdp(db: Db, by: { sid?: string; sub?: string }): Promise<number> {
  const { sid, sub } = by;
  if (!sid && !sub) throw new Error("endSessionsFromIdp: neither sid nor sub");
  const rows = await db
    .update(authSessions)
    .set({ revokedAt: sql`now()`, endedReason: "idp-logout" })
    .where(
      and(
        isNull(authSessions.revokedAt),
        sid ? eq(authSessions.idpSessionId, sid) : undefined,
        sub ? eq(authSessions.idpSubject, sub) : undefined,
      ),
    )
    .returning({ id: authSessions.id });
  return rows.length;
}

/** What a process that won the refresh claim may spend: the sealed refresh token. */
export type RefreshClaim = { claim: string; refreshToken: string | null };

/**
 * Claims the right to refresh one session at the IdP: succeeds for exactly one caller across
 * every process while the identity is due (older than `dueAfterSeconds`, or the access token
 * ends within `expirySkewSeconds`) and no other claim is younger than `claimTtlSeconds`.
 * A compare-and-set on the row, so no lock is held while the IdP answers.
 */
export async function claimRefresh(
  db: Db,
  id: string,
  opts: { dueAfterSeconds: number; expirySkewSeconds: number; claimTtlSeconds: number },
): Promise<RefreshClaim | undefined> {
  const claim = randomBytes(16).toString("base64url");
  const [row] = await db
    .update(authSessions)
    .set({ refreshClaim: claim, refreshClaimedAt: sql`now()` })
    .where(
      and(
        isActive(id),
        sql`(${authSessions.refreshClaim} is null or ${authSessions.refreshClaimedAt} < now() - make_interval(secs => ${opts.claimTtlSeconds}::float8))`,
        sql`(${authSessions.identityRefreshedAt} < now() - make_interval(secs => ${opts.dueAfterSeconds}::float8)
          or ${authSessions.accessTokenExpiresAt} < now() + make_interval(secs => ${opts.expirySkewSeconds}::float8))`,
      ),
    )
    .returning({ refreshToken: authSessions.refreshToken });
  return row ? { claim, refreshToken: row.refreshToken } : undefined;
}

/**
 * Stores what a refresh brought (new tokens, groups, name, email) and releases the claim, only if
 * the claim is still ours and the session still active. Returns whether it was stored.
 */
export async function completeRefresh(
  db: Db,
  id: string,
  claim: string,
  fresh: {
    groups: readonly string[];
    name?: string | null;
    email?: string | null;
    idToken?: string | null;
    refreshToken: string | null;
    accessTokenExpiresAt: Date | null;
  },
): Promise<boolean> {
  const rows = await db
    .update(authSessions)
    .set({
      groups: [...fresh.groups],
      ...(fresh.name !== undefined ? { name: fresh.name } : {}),
      ...(fresh.email !== undefined ? { email: fresh.email } : {}),
      ...(fresh.idToken ? { idToken: fresh.idToken } : {}),
      refreshToken: fresh.refreshToken,
      accessTokenExpiresAt: fresh.accessTokenExpiresAt,
      identityRefreshedAt: sql`now()`,
      refreshClaim: null,
      refreshClaimedAt: null,
    })
    .where(and(isActive(id), eq(authSessions.refreshClaim, claim)))
    .returning({ id: authSessions.id });
  return rows.length > 0;
}

/** Gives a claim back without a result (the IdP could not be reached), so the next request may try. */
export async function releaseRefresh(db: Db, id: string, claim: string): Promise<void> {
  await db
    .update(authSessions)
    .set({ refreshClaim: null, refreshClaimedAt: null })
    .where(and(eq(authSessions.id, id), eq(authSessions.refreshClaim, claim)));
}

/** Why a session ended early, when it did (for telling the user on the sign-in page). */
export async function sessionEndReason(db: Db, id: string): Promise<EndedReason | undefined> {
  const [row] = await db
    .select({ reason: authSessions.endedReason })
    .from(authSessions)
    .where(and(eq(authSessions.id, id), sql`${authSessions.revokedAt} is not null`))
    .limit(1);
  return (row?.reason ?? undefined) as EndedReason | undefined;
}
