import "server-only";
import { getDb } from "@/db/client.ts";
import type { AuditFilter } from "@/db/queries/audit.ts";
import { logger } from "@/lib/logger.ts";
import { auditCsvChunks } from "./export.ts";

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
