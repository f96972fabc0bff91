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

/** Revokes one session. Returns whether it was still unrevoked. */
export async function revokeSession(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(authSessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(authSessions.id, id), isNull(authSessions.revokedAt)))
    .returning({ id: authSessions.id });
  return rows.length > 0;
}

/** Revokes every unrevoked session of one OIDC subject (sign out everywhere). Returns how many. */
export async function revokeSessionsForSubject(db: Db, subject: string): Promise<number> {
  const rows = await db
    .update(authSessions)
    .set({ revokedAt: sql`now()` })
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
