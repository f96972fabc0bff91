import { auditFilterFor, auditScopeForRequest } from "@/lib/audit/access.ts";
import { auditCsvResponse } from "@/lib/audit/csv-response.ts";
import { parseAuditQuery } from "@/lib/validation/audit.ts";

export const dynamic = "force-dynamic";

/** Every team's and the platform's audit log as CSV, with the page's filters; platform admins only. */
export async function GET(req: Request): Promise<Response> {
  const access = await auditScopeForRequest({ platform: true });
  if (!access.ok)
    return new Response(null, { status: access.status, headers: { "cache-control": "private, no-store" } });
  const {
    cursor: _c,
    direction: _d,
    limit: _l,
    ...filter
  } = auditFilterFor(access.scope, parseAuditQuery(new URL(req.url).searchParams), 1);
  return auditCsvResponse(filter, "audit-all.csv");
}
