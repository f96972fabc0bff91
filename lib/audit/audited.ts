import "server-only";
import type { Db } from "@/db/client.ts";
import { insertAuditEvent, setAuditOutcome } from "@/db/queries/audit.ts";
import { auditOutcomeOf } from "@/lib/errors.ts";
import { recordAuditRow } from "@/lib/metrics/index.ts";

/** Who makes a change, for its audit row. */
export type AuditActor = {
  user: string;
  email: string | null;
  requestId: string;
  /** Through the console's pages or the API (a token); console when not said. */
  via?: "console" | "api";
};

/** What a change touches. `details` must hold no secrets. */
export type AuditedChange = {
  action: string;
  /** The team the change belongs to, or null for the platform itself. */
  teamSlug: string | null;
  targetKind: string;
  targetName: string;
  details?: Record<string, unknown>;
};

/** Runs one change with its audit row: what {@link audited} does for an action's actor. */
export type Audit = <T>(change: AuditedChange, write: () => Promise<T>) => Promise<T>;

/** {@link Audit} bound to one team: its rows always name that team. */
export type TeamAudit = <T>(change: Omit<AuditedChange, "teamSlug">, write: () => Promise<T>) => Promise<T>;

/**
 * The one audited write. The audit row is committed as `attempted` before `write` runs (an
 * unwritable audit log stops the change), and gets its outcome after: `allowed`, or `refused` /
 * `failed` with the reason ({@link auditOutcomeOf}), after which the error is rethrown.
 *
 * No transaction is held open while `write` runs: a Kubernetes call can take seconds, and on
 * PGlite's single connection every other request of the process would wait for it. So a process
 * that dies mid-change leaves the row `attempted` (the change may have happened) instead of losing
 * it, and `write` keeps its own database rows consistent with what Kubernetes did: it writes them
 * after the Kubernetes change succeeded, or undoes them when it was refused.
 */
export async function audited<T>(
  db: Db,
  actor: AuditActor,
  change: AuditedChange,
  write: () => Promise<T>,
): Promise<T> {
  const details = change.details ?? null;
  const row = await insertAuditEvent(db, {
    actor: actor.user,
    actorEmail: actor.email,
    teamSlug: change.teamSlug,
    action: change.action,
    targetKind: change.targetKind,
    targetName: change.targetName,
    outcome: "attempted",
    details,
    requestId: actor.requestId,
    via: actor.via ?? "console",
  });
  recordAuditRow("attempted");
  let value: T;
  try {
    value = await write();
  } catch (err) {
    const { outcome, reason } = auditOutcomeOf(err);
    await setAuditOutcome(db, row.id, outcome, { ...details, reason });
    recordAuditRow(outcome);
    throw err;
  }
  await setAuditOutcome(db, row.id, "allowed", details);
  recordAuditRow("allowed");
  return value;
}
