import { getDb } from "@/db/client.ts";
import { InvalidAuditCursorError, listAuditEvents } from "@/db/queries/audit.ts";
import { auditFilterFor, auditScopeForRequest } from "@/lib/audit/access.ts";
import { parseAuditQuery } from "@/lib/validation/audit.ts";

export const dynamic = "force-dynamic";

const PRIVATE = { "cache-control": "private, no-store" };

/**
 * The team's audit log, newest first, paged by cursor (`cursor`, `dir=older|newer`); filter by
 * `person`, `cluster`, `action`, `outcome`. Members read their own team's; platform admins any.
 */
export async function GET(req: Request, ctx: { params: Promise<{ team: string }> }): Promise<Response> {
  const { team: slug } = await ctx.params;
  const access = await auditScopeForRequest({ team: slug });
  if (!access.ok)
    return Response.json(
      { error: access.status === 401 ? "unauthorized" : "not_found" },
      { status: access.status, headers: PRIVATE },
    );
  const q = new URL(req.url).searchParams;
  // `actor` is the older name of `person`; kept so existing links and tests keep working.
  if (!q.has("person") && q.has("actor")) q.set("person", q.get("actor") ?? "");
  const limit = Number(q.get("limit") ?? 50) || 50;
  try {
    const page = await listAuditEvents(getDb(), auditFilterFor(access.scope, parseAuditQuery(q), limit));
    return Response.json(page, { headers: PRIVATE });
  } catch (err) {
    if (err instanceof InvalidAuditCursorError)
      return Response.json({ error: "bad_cursor" }, { status: 400, headers: PRIVATE });
    throw err;
  }
}
