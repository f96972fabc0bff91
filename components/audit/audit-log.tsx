import Link from "next/link";
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
        <p
          data-testid="audit-empty"
          className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500 dark:border-slate-700"
        >
          {filtered ? "No events match these filters." : "Nothing has been recorded yet."}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="w-full text-left text-sm" data-testid="audit-table">
            <thead className="bg-slate-50 text-xs uppercase text-slate-500 dark:bg-slate-900">
              <tr>
                <th scope="col" className="px-3 py-2">
                  When
                </th>
                <th scope="col" className="px-3 py-2">
                  Who
                </th>
                {teams ? (
                  <th scope="col" className="px-3 py-2">
                    Team
                  </th>
                ) : null}
                <th scope="col" className="px-3 py-2">
                  Action
                </th>
                <th scope="col" className="px-3 py-2">
                  Target
                </th>
                <th scope="col" className="px-3 py-2">
                  Outcome
                </th>
                <th scope="col" className="px-3 py-2">
                  Details
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {page.events.map((e) => (
                <tr key={e.id} data-testid="audit-row">
                  <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">
                    <time dateTime={e.at.toISOString()}>
                      {e.at.toISOString().replace("T", " ").slice(0, 19)}Z
                    </time>
                  </td>
                  <td className="whitespace-nowrap px-3 py-2">
                    <span>{e.actor}</span>
                    {e.actorEmail ? (
                      <span className="block text-xs text-slate-500">{e.actorEmail}</span>
                    ) : null}
                  </td>
                  {teams ? <td className="whitespace-nowrap px-3 py-2">{e.teamSlug ?? "platform"}</td> : null}
                  <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                  <td className="px-3 py-2">
                    <span className="text-slate-500">{e.targetKind}</span> {e.targetName}
                  </td>
                  <td className="px-3 py-2">
                    <span className={`rounded px-1.5 py-0.5 text-xs ${OUTCOME_CLASS[e.outcome] ?? ""}`}>
                      {e.outcome}
                    </span>
                  </td>
                  {/* Wrapped, not truncated: a refusal's reason is read by keyboard and touch users too. */}
                  <td className="max-w-md break-words px-3 py-2 text-xs text-slate-600 dark:text-slate-400">
                    {detailsText(e.details)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
