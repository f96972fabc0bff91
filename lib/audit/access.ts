import "server-only";
import type { Db } from "@/db/client.ts";
import { getDb } from "@/db/client.ts";
import {
  type AuditFilter,
  type AuditPage,
  type AuditScope,
  InvalidAuditCursorError,
  listAuditEvents,
} from "@/db/queries/audit.ts";
import { getTeamIncludingArchived } from "@/db/queries/teams.ts";
import { type CurrentUser, currentUser } from "@/lib/auth/session.ts";
import { isPlatformAdmin } from "@/lib/platform.ts";
import { myTeams } from "@/lib/teams/membership.ts";

export { auditFilterFor } from "./filter.ts";

/**
 * Who may read which audit log: a team's members read their team's; platform admins read every
 * team's and the platform's own. Route handlers call this themselves (proxy.ts is no boundary).
 * A team the user may not read answers 404, like one that does not exist.
 */
export async function auditScopeForRequest(
  target: { team: string } | { platform: true },
): Promise<{ ok: true; user: CurrentUser; scope: AuditScope } | { ok: false; status: 401 | 404 }> {
  const user = await currentUser();
  if (!user) return { ok: false, status: 401 };
  const admin = isPlatformAdmin(user);
  if ("platform" in target)
    return admin ? { ok: true, user, scope: { kind: "all" } } : { ok: false, status: 404 };
  const member = (await myTeams(user)).find((t) => t.slug === target.team);
  if (member) return { ok: true, user, scope: { kind: "team", team: member.slug } };
  // Archived teams too: their history outlives them.
  if (admin && (await getTeamIncludingArchived(getDb(), target.team))) {
    return { ok: true, user, scope: { kind: "team", team: target.team } };
  }
  return { ok: false, status: 404 };
}

/** For pages: one page of the log; a stale or hand-edited cursor shows the first page instead. */
export async function readAuditPage(db: Db, filter: AuditFilter): Promise<AuditPage> {
  try {
    return await listAuditEvents(db, filter);
  } catch (err) {
    if (!(err instanceof InvalidAuditCursorError)) throw err;
    return listAuditEvents(db, { ...filter, cursor: undefined, direction: undefined });
  }
}
