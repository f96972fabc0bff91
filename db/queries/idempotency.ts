import "server-only";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { idempotencyKeys } from "../schema.ts";

/** Who asked what: an `Idempotency-Key` counts per caller and route. */
export type IdempotencyScope = { subject: string; route: string; key: string };

/** A kept answer of a request made before with the same key. */
export type StoredAnswer = { requestHash: string; status: number; body: unknown };

const where = (s: IdempotencyScope) =>
  and(
    eq(idempotencyKeys.subject, s.subject),
    eq(idempotencyKeys.route, s.route),
    eq(idempotencyKeys.key, s.key),
    sql`${idempotencyKeys.createdAt} > now() - interval '24 hours'`,
  );

/** The answer kept for this key in the last 24 hours, if any. */
export async function findIdempotentAnswer(db: Db, s: IdempotencyScope): Promise<StoredAnswer | undefined> {
  const [row] = await db
    .select({
      requestHash: idempotencyKeys.requestHash,
      status: idempotencyKeys.status,
      body: idempotencyKeys.body,
    })
    .from(idempotencyKeys)
    .where(where(s))
    .limit(1);
  return row;
}

/** Keeps an answer for 24 hours (older keys of anyone are dropped on the way); the first answer wins. */
export async function storeIdempotentAnswer(
  db: Db,
  s: IdempotencyScope,
  answer: StoredAnswer,
): Promise<void> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, sql`now() - interval '24 hours'`));
  await db
    .insert(idempotencyKeys)
    .values({ ...s, ...answer })
    .onConflictDoNothing();
}
