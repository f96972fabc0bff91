import "server-only";
import { and, asc, desc, eq, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
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
  via: auditEvents.via,
};

/** Whose events a query may see: one team's, the platform's own (no team), or every event. */
export type AuditScope = { kind: "team"; team: string } | { kind: "platform" } | { kind: "all" };

export type AuditFilter = {
  /** Decided by the caller's authorization, never by user input alone. */
  scope: AuditScope;
  /** A person: events whose actor (`oidc:alice`) or actor email is any of these. */
  person?: string[];
  /** Events about this cluster (target kind `Cluster`). */
  cluster?: string;
  action?: string;
  outcome?: AuditOutcome;
  /** Page size, clamped to 1..{@link MAX_AUDIT_PAGE}. */
  limit: number;
  /** `nextCursor` (with `direction: "older"`, the default) or `prevCursor` (with `"newer"`) of a page. */
  cursor?: string;
  direction?: "older" | "newer";
};

/**
 * Newest first. `nextCursor` reads the older page after this one, `prevCursor` the newer page
 * before it; each is null at its end of the log.
 */
export type AuditPage = { events: AuditEvent[]; nextCursor: string | null; prevCursor: string | null };

export const MAX_AUDIT_PAGE = 500;

/** Thrown for a cursor that {@link listAuditEvents} did not produce. */
export class InvalidAuditCursorError extends Error {
  override name = "InvalidAuditCursorError";
}

/**
 * Records one audit event; `at` defaults to now. `details` must hold no secrets. A change is
 * recorded as `attempted` before it is made and gets its outcome after ({@link setAuditOutcome}).
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

function filterConditions(filter: AuditFilter): (SQL | undefined)[] {
  const { scope } = filter;
  const person = filter.person;
  return [
    scope.kind === "team"
      ? eq(auditEvents.teamSlug, scope.team)
      : scope.kind === "platform"
        ? isNull(auditEvents.teamSlug)
        : undefined,
    person === undefined
      ? undefined
      : or(inArray(auditEvents.actor, person), inArray(auditEvents.actorEmail, person)),
    filter.cluster === undefined
      ? undefined
      : and(eq(auditEvents.targetKind, "Cluster"), eq(auditEvents.targetName, filter.cluster)),
    filter.action === undefined ? undefined : eq(auditEvents.action, filter.action),
    filter.outcome === undefined ? undefined : eq(auditEvents.outcome, filter.outcome),
  ];
}

/**
 * One page of audit events in `filter.scope`, newest first, optionally filtered by person,
 * cluster, action and outcome. Pages by the keyset (at, id) in either direction, so paging stays
 * stable (no repeats, no gaps) while events are added.
 * @throws {InvalidAuditCursorError} when `cursor` is malformed.
 */
export async function listAuditEvents(db: Db, filter: AuditFilter): Promise<AuditPage> {
  const limit = Math.min(Math.max(Math.trunc(filter.limit) || 1, 1), MAX_AUDIT_PAGE);
  const newer = filter.direction === "newer" && filter.cursor !== undefined;
  const conditions = filterConditions(filter);
  if (filter.cursor !== undefined) {
    const { at, id } = decodeCursor(filter.cursor);
    const key = sql`(${at.toISOString()}::timestamptz, ${id}::bigint)`;
    conditions.push(
      newer
        ? sql`(${auditEvents.at}, ${auditEvents.id}) > ${key}`
        : sql`(${auditEvents.at}, ${auditEvents.id}) < ${key}`,
    );
  }
  // One row more than asked tells whether another page exists in the direction read.
  const rows = await db
    .select(auditColumns)
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(
      ...(newer ? [asc(auditEvents.at), asc(auditEvents.id)] : [desc(auditEvents.at), desc(auditEvents.id)]),
    )
    .limit(limit + 1);
  const more = rows.length > limit;
  const events = rows.slice(0, limit);
  if (newer) events.reverse();
  const first = events[0];
  const last = events.at(-1);
  // Reading older from a cursor means newer events exist (the cursor's own); and the reverse.
  const hasOlder = newer ? true : more;
  const hasNewer = newer ? more : filter.cursor !== undefined;
  return {
    events,
    nextCursor: hasOlder && last ? encodeCursor(last) : null,
    prevCursor: hasNewer && first ? encodeCursor(first) : null,
  };
}

/** The distinct actions recorded in `scope`, for a filter's suggestions (at most 200). */
export async function listAuditActions(db: Db, scope: AuditScope): Promise<string[]> {
  const rows = await db
    .selectDistinct({ action: auditEvents.action })
    .from(auditEvents)
    .where(and(...filterConditions({ scope, limit: 1 })))
    .orderBy(asc(auditEvents.action))
    .limit(200);
  return rows.map((r) => r.action);
}

function encodeCursor(event: { at: Date; id: number }): string {
  return Buffer.from(`${event.at.getTime()}:${event.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { at: Date; id: number } {
  const match = /^(\d{1,15}):(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match) throw new InvalidAuditCursorError("invalid audit cursor");
  return { at: new Date(Number(match[1])), id: Number(match[2]) };
}

/** Sets the outcome (and details) of an event recorded as `attempted` before its change was made. */
export async function setAuditOutcome(
  db: Db,
  id: number,
  outcome: AuditOutcome,
  details: Record<string, unknown> | null,
): Promise<void> {
  await db.update(auditEvents).set({ outcome, details }).where(eq(auditEvents.id, id));
}
