import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { type ApiToken, apiTokens, authSessions } from "../schema.ts";

/** Every personal access token starts with this, so scanners and people recognise one. */
export const TOKEN_PREFIX = "kaas_pat_";
/** How many characters of a token are kept in clear to show it in lists and look it up. */
const DISPLAY_CHARS = TOKEN_PREFIX.length + 8;

/** A token as lists show it: never its secret nor its hash. */
export type ApiTokenInfo = Pick<
  ApiToken,
  | "id"
  | "teamId"
  | "subject"
  | "name"
  | "displayPrefix"
  | "role"
  | "platform"
  | "createdAt"
  | "expiresAt"
  | "lastUsedAt"
  | "revokedAt"
>;

const infoColumns = {
  id: apiTokens.id,
  teamId: apiTokens.teamId,
  subject: apiTokens.subject,
  name: apiTokens.name,
  displayPrefix: apiTokens.displayPrefix,
  role: apiTokens.role,
  platform: apiTokens.platform,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Makes a token for `subject` on one team and returns it with the clear token, which is never
 * stored (only its SHA-256) and must be shown once.
 */
export async function createApiToken(
  db: Db,
  input: Pick<ApiToken, "teamId" | "subject" | "name" | "role" | "platform" | "groups" | "expiresAt">,
): Promise<{ token: string; info: ApiTokenInfo }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const [row] = await db
    .insert(apiTokens)
    .values({ ...input, secretHash: hashOf(token), displayPrefix: token.slice(0, DISPLAY_CHARS) })
    .returning(infoColumns);
  if (!row) throw new Error("createApiToken: insert returned no row");
  return { token, info: row };
}

/** What a valid token grants: its row, without the hash. */
export type ActiveApiToken = ApiTokenInfo & { groups: string[] };

/**
 * The unrevoked, unexpired token with this clear text, else undefined. Found by its display
 * prefix, then its hash compared in constant time. Records its use at most once a minute.
 */
export async function findActiveApiToken(db: Db, token: string): Promise<ActiveApiToken | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length < DISPLAY_CHARS + 16 || token.length > 200)
    return undefined;
  const want = Buffer.from(hashOf(token), "hex");
  const rows = await db
    .select({ ...infoColumns, groups: apiTokens.groups, secretHash: apiTokens.secretHash })
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.displayPrefix, token.slice(0, DISPLAY_CHARS)),
        isNull(apiTokens.revokedAt),
        gt(apiTokens.expiresAt, sql`now()`),
      ),
    );
  const match = rows.find((r) => {
    const have = Buffer.from(r.secretHash, "hex");
    return have.length === want.length && timingSafeEqual(have, want);
  });
  if (!match) return undefined;
  const { secretHash: _hash, ...found } = match;
  await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiTokens.id, found.id),
        or(isNull(apiTokens.lastUsedAt), sql`${apiTokens.lastUsedAt} < now() - interval '1 minute'`),
      ),
    );
  return found;
}

/** The tokens `subject` made for one team, newest first, revoked ones included (marked). */
export async function listApiTokens(db: Db, teamId: string, subject: string): Promise<ApiTokenInfo[]> {
  return db
    .select(infoColumns)
    .from(apiTokens)
    .where(and(eq(apiTokens.teamId, teamId), eq(apiTokens.subject, subject)))
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes one of `subject`'s tokens of a team; returns its name, or undefined if there was none to revoke. */
export async function revokeApiToken(
  db: Db,
  by: { id: string; teamId: string; subject: string },
): Promise<string | undefined> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(apiTokens.id, by.id),
        eq(apiTokens.teamId, by.teamId),
        eq(apiTokens.subject, by.subject),
        isNull(apiTokens.revokedAt),
      ),
    )
    .returning({ name: apiTokens.name });
  return row?.name;
}

/** Revokes every token of a subject (their sessions were ended, or the IdP refused them). Returns how many. */
export async function revokeApiTokensForSubject(db: Db, subject: string): Promise<number> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.subject, subject), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length;
}

/**
 * The groups of `subject`'s most recent session (kept current with the IdP while it lives), or
 * an empty list when they never signed in.
 */
export async function latestSessionGroups(db: Db, subject: string): Promise<string[]> {
  const [row] = await db
    .select({ groups: authSessions.groups })
    .from(authSessions)
    .where(eq(authSessions.subject, subject))
    .orderBy(desc(authSessions.identityRefreshedAt))
    .limit(1);
  return row?.groups ?? [];
}
