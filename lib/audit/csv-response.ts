import "server-only";
import { getDb } from "@/db/client.ts";
import type { AuditFilter } from "@/db/queries/audit.ts";
import { logger } from "@/lib/logger.ts";
import { parseAuditQuery } from "@/lib/validation/audit.ts";
import { auditScopeForRequest } from "./access.ts";
import { auditCsvChunks } from "./export.ts";
import { auditFilterFor } from "./filter.ts";

/**
 * The CSV download route of one audit log: authorizes the request for `target` itself (404 for
 * a log the user may not read), applies the page's filters from the query string and streams.
 */
export async function auditCsvDownload(
  req: Request,
  target: { team: string } | { platform: true },
  fileName: string,
): Promise<Response> {
  const access = await auditScopeForRequest(target);
  if (!access.ok)
    return new Response(null, { status: access.status, headers: { "cache-control": "private, no-store" } });
  const {
    cursor: _c,
    direction: _d,
    limit: _l,
    ...filter
  } = auditFilterFor(access.scope, parseAuditQuery(new URL(req.url).searchParams), 1);
  return auditCsvResponse(filter, fileName);
}

/** Streams the filtered log as a CSV download, page by page, never holding it all in memory. */
export function auditCsvResponse(
  filter: Omit<AuditFilter, "cursor" | "direction" | "limit">,
  fileName: string,
): Response {
  const chunks = auditCsvChunks(getDb(), filter);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        logger.error({ event: "audit.csv", err: (err as Error).message }, "audit export failed");
        controller.error(err);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
