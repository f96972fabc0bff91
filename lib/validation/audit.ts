/**
 * The audit log's filters as URL search parameters, so a filtered view is a shareable link. The
 * same schema reads them for the page, the JSON route and the CSV download.
 */
import { z } from "zod";

const text = z
  .string()
  .trim()
  .max(256)
  .optional()
  .transform((v) => (v ? v : undefined));

export const auditQuery = z.object({
  person: text,
  cluster: text,
  action: text,
  outcome: z
    .enum(["attempted", "allowed", "refused", "failed", ""])
    .optional()
    .transform((v) => (v ? v : undefined))
    .catch(undefined),
  /** Platform view only: a team slug, or `-` for platform actions. */
  team: text,
  cursor: text,
  dir: z.enum(["older", "newer"]).optional().catch(undefined),
});
export type AuditQuery = z.output<typeof auditQuery>;

/** Reads the filters from search params (repeated keys: the first wins); unknown keys are ignored. */
export function parseAuditQuery(
  params: URLSearchParams | Record<string, string | string[] | undefined>,
): AuditQuery {
  const get = (k: string): string | undefined => {
    if (params instanceof URLSearchParams) return params.get(k) ?? undefined;
    const v = params[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const raw = Object.fromEntries(
    ["person", "cluster", "action", "outcome", "team", "cursor", "dir"].map((k) => [k, get(k)]),
  );
  const parsed = auditQuery.safeParse(raw);
  return parsed.success ? parsed.data : auditQuery.parse({});
}

/** The search string for `query` with `changes` applied; empty values are left out. */
export function auditSearch(
  query: AuditQuery,
  changes: Partial<Record<keyof AuditQuery, string | undefined>>,
): string {
  const merged: Record<string, string | undefined> = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : "";
}
