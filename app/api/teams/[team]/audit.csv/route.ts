import { auditFilterFor, auditScopeForRequest } from "@/lib/audit/access.ts";
import { auditCsvResponse } from "@/lib/audit/csv-response.ts";
import { parseAuditQuery } from "@/lib/validation/audit.ts";

export const dynamic = "force-dynamic";

/** The team's audit log as CSV with the page's filters; members of the team or platform admins. */
export async function GET(req: Request, ctx: { params: Promise<{ team: string }> }): Promise<Response> {
  const { team: slug } = await ctx.params;
  const access = await auditScopeForRequest({ team: slug });
  if (!access.ok)
    return new Response(null, { status: access.status, headers: { "cache-control": "private, no-store" } });
  const {
    cursor: _c,
    direction: _d,
    limit: _l,
    ...filter
  } = auditFilterFor(access.scope, parseAuditQuery(new URL(req.url).searchParams), 1);
  return auditCsvResponse(filter, `audit-${slug}.csv`);
}
