import type { AuditFilter, AuditScope } from "@/db/queries/audit.ts";
import { identityPrefixes } from "@/lib/k8s/identity.ts";
import type { AuditQuery } from "@/lib/validation/audit.ts";

/**
 * The filter for a query within an authorized scope. In the platform-wide scope the `team`
 * parameter narrows to one team (`-`: platform actions only); in a team scope it is ignored.
 */
export function auditFilterFor(scope: AuditScope, q: AuditQuery, limit: number): AuditFilter {
  let effective = scope;
  if (scope.kind === "all" && q.team) {
    effective = q.team === "-" ? { kind: "platform" } : { kind: "team", team: q.team };
  }
  return {
    scope: effective,
    // Whoever was typed: a Kubernetes user (`oidc:alice`), a username (`alice`) or an email.
    person: q.person ? [q.person, `${identityPrefixes().user}${q.person}`] : undefined,
    cluster: q.cluster,
    action: q.action,
    outcome: q.outcome,
    limit,
    cursor: q.cursor,
    direction: q.dir,
  };
}
