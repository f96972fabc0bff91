import Link from "next/link";
import { type Column, DataTable } from "@/components/ui/data-table.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import type { AuditPage } from "@/db/queries/audit.ts";
import { type AuditQuery, auditSearch } from "@/lib/validation/audit.ts";

const inputClass =
  "w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";
const buttonClass =
  "rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";

const OUTCOME_CLASS: Record<string, string> = {
  // Made before the change and never completed: the console stopped while it was in flight.
  attempted: "bg-slate-200 text-slate-900 dark:bg-slate-800 dark:text-slate-100",
  allowed: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  refused: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  failed: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
};

/** Details as short `key: value` text; values are untrusted and rendered as text only. */
function detailsText(details: Record<string, unknown> | null): string {
  if (!details) return "";
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" · ");
}

type AuditEvent = AuditPage["events"][number];

const TEAM_COLUMN: Column<AuditEvent> = {
  label: "Team",
  className: "whitespace-nowrap",
  cell: (e) => e.teamSlug ?? "platform",
};

const COLUMNS: Column<AuditEvent>[] = [
  {
    label: "When",
    className: "whitespace-nowrap font-mono text-xs",
    cell: (e) => (
      <time dateTime={e.at.toISOString()}>{e.at.toISOString().replace("T", " ").slice(0, 19)}Z</time>
    ),
  },
  {
    label: "Who",
    className: "whitespace-nowrap",
    cell: (e) => (
      <>
        <span>{e.actor}</span>
        {e.actorEmail ? <span className="block text-xs text-slate-500">{e.actorEmail}</span> : null}
        {e.via === "api" ? (
          <span className="block text-xs text-slate-500" data-testid="audit-via-api">
            via API
          </span>
        ) : null}
      </>
    ),
  },
  TEAM_COLUMN,
  { label: "Action", className: "font-mono text-xs", cell: (e) => e.action },
  {
    label: "Target",
    cell: (e) => (
      <>
        <span className="text-slate-500">{e.targetKind}</span> {e.targetName}
      </>
    ),
  },
  {
    label: "Outcome",
    cell: (e) => (
      <span className={`rounded px-1.5 py-0.5 text-xs ${OUTCOME_CLASS[e.outcome] ?? ""}`}>{e.outcome}</span>
    ),
  },
  {
    label: "Details",
    // Wrapped, not truncated: a refusal's reason is read by keyboard and touch users too.
    className: "max-w-md break-words text-xs text-slate-600 dark:text-slate-400",
    cell: (e) => detailsText(e.details),
  },
];

/**
 * An audit log page: filters as a GET form (so every view is a shareable URL), the table, cursor
 * paging links and the CSV download of the same filters. Server component; no client script.
 */
export function AuditLog({
  page,
  query,
  path,
  csvPath,
  actions,
  teams,
}: {
  page: AuditPage;
  query: AuditQuery;
  /** The page's own path, for filter and paging links. */
  path: string;
  csvPath: string;
  /** Known actions, suggested in the action filter. */
  actions: string[];
  /** Platform view: the teams to filter by, and a team column. */
  teams?: { slug: string; displayName: string }[];
}) {
  const filters = { ...query, cursor: undefined, dir: undefined };
  const filtered = Boolean(query.person || query.cluster || query.action || query.outcome || query.team);
  return (
    <div>
      <form
        method="get"
        action={path}
        className="mb-4 grid gap-3 sm:grid-cols-3 lg:grid-cols-6"
        aria-label="Filter the audit log"
      >
        <label className="space-y-1 text-sm">
          <span className="block font-medium">Person</span>
          <input
            name="person"
            defaultValue={query.person ?? ""}
            placeholder="alice or alice@…"
            className={inputClass}
          />
        </label>
        <label className="space-y-1 text-sm">
          <span className="block font-medium">Cluster</span>
          <input name="cluster" defaultValue={query.cluster ?? ""} className={inputClass} />
        </label>
        <label className="space-y-1 text-sm">
          <span className="block font-medium">Action</span>
          <input
            name="action"
            list="audit-actions"
            defaultValue={query.action ?? ""}
            className={inputClass}
          />
          <datalist id="audit-actions">
            {actions.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label className="space-y-1 text-sm">
          <span className="block font-medium">Outcome</span>
          <select name="outcome" defaultValue={query.outcome ?? ""} className={inputClass}>
            <option value="">Any</option>
            <option value="allowed">Allowed</option>
            <option value="refused">Refused</option>
            <option value="failed">Failed</option>
            <option value="attempted">Attempted (no outcome)</option>
          </select>
        </label>
        {teams ? (
          <label className="space-y-1 text-sm">
            <span className="block font-medium">Team</span>
            <select name="team" defaultValue={query.team ?? ""} className={inputClass}>
              <option value="">All teams and platform</option>
              <option value="-">Platform only</option>
              {teams.map((t) => (
                <option key={t.slug} value={t.slug}>
                  {t.displayName} ({t.slug})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClass}>
            Filter
          </button>
          {filtered ? (
            <Link href={path} className="text-sm text-sky-700 underline dark:text-sky-400">
              Clear
            </Link>
          ) : null}
        </div>
      </form>

      <div className="mb-2 flex justify-end">
        <a href={`${csvPath}${auditSearch(filters, {})}`} className={buttonClass} download>
          Download CSV
        </a>
      </div>

      {page.events.length === 0 ? (
        <EmptyState
          testId="audit-empty"
          title={filtered ? "No events match these filters." : "Nothing has been recorded yet."}
        />
      ) : (
        <DataTable
          testId="audit-table"
          columns={teams ? COLUMNS : COLUMNS.filter((c) => c !== TEAM_COLUMN)}
          rows={page.events}
          rowKey={(e) => String(e.id)}
          rowAttributes={() => ({ "data-testid": "audit-row" })}
        />
      )}

      <nav aria-label="Audit log pages" className="mt-3 flex items-center gap-3 text-sm">
        {page.prevCursor ? (
          <Link
            href={`${path}${auditSearch(filters, { cursor: page.prevCursor, dir: "newer" })}`}
            className={buttonClass}
            rel="prev"
          >
            Newer
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link
            href={`${path}${auditSearch(filters, { cursor: page.nextCursor, dir: "older" })}`}
            className={buttonClass}
            rel="next"
          >
            Older
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
