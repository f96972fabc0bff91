/**
 * The audit log as CSV (RFC 4180) for spreadsheets. Audit fields hold text users chose (cluster
 * names, refusal messages), so a cell that a spreadsheet would run as a formula is defused.
 */

/** Columns of the export, in order. */
export const AUDIT_CSV_COLUMNS = [
  "time",
  "actor",
  "actor_email",
  "team",
  "action",
  "target_kind",
  "target_name",
  "outcome",
  "details",
  "request_id",
  "via",
] as const;

type CsvEvent = {
  at: Date;
  actor: string;
  actorEmail: string | null;
  teamSlug: string | null;
  action: string;
  targetKind: string;
  targetName: string | null;
  outcome: string;
  details: Record<string, unknown> | null;
  requestId: string | null;
  /** console or api; older callers without it count as console. */
  via?: string;
};

// Spreadsheets treat a cell starting with these as a formula (OWASP "CSV injection"); tab and
// carriage return can start one too once a cell is trimmed.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: formula prefixes neutralised with a leading `'`, quoted when it must be. */
export function csvField(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The header line, CRLF-terminated. */
export function auditCsvHeader(): string {
  return `${AUDIT_CSV_COLUMNS.join(",")}\r\n`;
}

/** One event as a CRLF-terminated CSV line. */
export function auditCsvLine(e: CsvEvent): string {
  return `${[
    e.at.toISOString(),
    e.actor,
    e.actorEmail,
    e.teamSlug,
    e.action,
    e.targetKind,
    e.targetName,
    e.outcome,
    e.details ? JSON.stringify(e.details) : null,
    e.requestId,
    e.via ?? "console",
  ]
    .map(csvField)
    .join(",")}\r\n`;
}
