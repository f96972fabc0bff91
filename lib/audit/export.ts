import type { Db } from "@/db/client.ts";
import { type AuditFilter, listAuditEvents } from "@/db/queries/audit.ts";
import { auditCsvHeader, auditCsvLine } from "./csv.ts";

/** The most rows one export holds, so a download cannot hold a connection for ever. */
export const MAX_AUDIT_EXPORT_ROWS = 100_000;

/**
 * The filtered audit log as CSV chunks, newest first: the header, then one chunk per page read
 * by keyset (never the whole log in memory). Stops after `maxRows` rows.
 */
export async function* auditCsvChunks(
  db: Db,
  filter: Omit<AuditFilter, "cursor" | "direction" | "limit">,
  maxRows = MAX_AUDIT_EXPORT_ROWS,
): AsyncGenerator<string> {
  yield auditCsvHeader();
  let cursor: string | undefined;
  let written = 0;
  while (written < maxRows) {
    const page = await listAuditEvents(db, { ...filter, limit: Math.min(500, maxRows - written), cursor });
    if (page.events.length) yield page.events.map(auditCsvLine).join("");
    written += page.events.length;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}
