import { getDb } from "@/db/client.ts";
import { InvalidAuditCursorError, listAuditEvents } from "@/db/queries/audit.ts";
import { teamForRequest } from "@/lib/teams.ts";

export const dynamic = "force-dynamic";

const PRIVATE = { "cache-control": "private, no-store" };

/**
 * The team's audit log, newest first, paged by cursor; filter by `actor`, `action`, `outcome`.
 * Every member of the team may read it (their own team only).
 */
export async function GET(req: Request, ctx: { params: Promise<{ team: string }> }): Promise<Response> {
  const { team: slug } = await ctx.params;
  const access = await teamForRequest(slug);
  if (!access.ok)
    return Response.json(
      { error: access.status === 401 ? "unauthorized" : "not_found" },
      { status: access.status, headers: PRIVATE },
    );
  const q = new URL(req.url).searchParams;
  const outcome = q.get("outcome");
  try {
    const page = await listAuditEvents(getDb(), {
      teamSlug: access.team.slug,
      actor: q.get("actor") ?? undefined,
      action: q.get("action") ?? undefined,
      outcome: outcome === "allowed" || outcome === "refused" || outcome === "failed" ? outcome : undefined,
      limit: Number(q.get("limit") ?? 50) || 50,
      cursor: q.get("cursor") ?? undefined,
    });
    return Response.json(page, { headers: PRIVATE });
  } catch (err) {
    if (err instanceof InvalidAuditCursorError)
      return Response.json({ error: "bad_cursor" }, { status: 400, headers: PRIVATE });
    throw err;
  }
}
