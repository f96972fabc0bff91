import { and, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { type AuditEvent, type AuditOutcome, auditEvents, type NewAuditEvent } from "../schema.ts";

const auditColumns = {
  id: auditEvents.id,
  at: auditEvents.at,
  actor: auditEvents.actor,
  actorEmail: auditEvents.actorEmail,
  teamSlug: auditEvents.teamSlug,
  action: auditEvents.action,
  targetKind: auditEvents.targetKind,
  targetName: auditEvents.targetName,
  outcome: auditEvents.outcome,
  details: auditEvents.details,
  requestId: auditEvents.requestId,
};

export type AuditFilter = {
  /** The team whose log to read; `null` reads platform actions. */
  teamSlug: string | null;
  actor?: string;
  action?: string;
  outcome?: AuditOutcome;
  /** Page size, clamped to 1..{@link MAX_AUDIT_PAGE}. */
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
};

export type AuditPage = { events: AuditEvent[]; nextCursor: string | null };

export const MAX_AUDIT_PAGE = 500;

/** Thrown for a cursor that {@link listAuditEvents} did not produce. */
export class InvalidAuditCursorError extends Error {
  override name = "InvalidAuditCursorError";
}

/**
 * Records one audit event; `at` defaults to now. `details` must hold no secrets. Run it in the
 * same transaction as the write it records.
 */
export async function insertAuditEvent(
  db: Db,
  event: Omit<NewAuditEvent, "id">,
): Promise<{ id: number; at: Date }> {
  const [row] = await db
    .insert(auditEvents)
    .values(event)
    .returning({ id: auditEvents.id, at: auditEvents.at });
  if (!row) throw new Error("insertAuditEvent: insert returned no row");
  return row;
}

/**
 * One page of a team's (or the platform's) audit log, newest first, optionally filtered by actor,
 * action and outcome. Pages by the keyset (at, id), so paging stays stable while events are added.
 * @throws {InvalidAuditCursorError} when `cursor` is malformed.
 */
export async function listAuditEvents(db: Db, filter: AuditFilter): Promise<AuditPage> {
  const limit = Math.min(Math.max(Math.trunc(filter.limit) || 1, 1), MAX_AUDIT_PAGE);
  const conditions: (SQL | undefined)[] = [
    filter.teamSlug === null ? isNull(auditEvents.teamSlug) : eq(auditEvents.teamSlug, filter.teamSlug),
    filter.actor === undefined ? undefined : eq(auditEvents.actor, filter.actor),
    filter.action === undefined ? undefined : eq(auditEvents.action, filter.action),
    filter.outcome === undefined ? undefined : eq(auditEvents.outcome, filter.outcome),
  ];
  if (filter.cursor !== undefined) {
    const { at, id } = decodeCursor(filter.cursor);
    conditions.push(
      sql`(${auditEvents.at}, ${auditEvents.id}) < (${at.toISOString()}::timestamptz, ${id}::bigint)`,
    );
  }
  // One row more than asked tells whether another page exists.
  const rows = await db
    .select(auditColumns)
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(limit + 1);
  const events = rows.slice(0, limit);
  const last = events.at(-1);
  return { events, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

function encodeCursor(event: { at: Date; id: number }): string {
  return Buffer.from(`${event.at.getTime()}:${event.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { at: Date; id: number } {
  const match = /^(\d{1,15}):(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match) throw new InvalidAuditCursorError("invalid audit cursor");
  return { at: new Date(Number(match[1])), id: Number(match[2]) };
}

/**
 * Sets the outcome (and details) of an event recorded before its write was attempted: the row
 * is written first, inside the write's transaction, so a write is never made unaudited.
 */
export async function setAuditOutcome(
  db: Db,
  id: number,
  outcome: AuditOutcome,
  details: Record<string, unknown> | null,
): Promise<void> {
  await db.update(auditEvents).set({ outcome, details }).where(eq(auditEvents.id, id));
}
