import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { type Column, DataTable } from "@/components/ui/data-table.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import type { AuditPage } from "@/db/queries/audit.ts";
import { formatExactTime } from "@/lib/i18n/format.ts";
import type { Locale } from "@/lib/i18n/locales.ts";
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

type T = Awaited<ReturnType<typeof getTranslations<"audit">>>;

/** An action's catalog key: `cluster.addon.enable` → `cluster_addon_enable` (dots nest namespaces). */
const actionKey = (action: string) => action.replace(/[.-]/g, "_");

/** The action in words where the catalog has them; an action it does not know as it is. */
function actionWords(t: T, action: string): string {
  const key = `actions.${actionKey(action)}`;
  return t.has(key as never) ? t(key as never) : action;
}

const OUTCOMES = ["attempted", "allowed", "refused", "failed"] as const;
const isOutcome = (o: string): o is (typeof OUTCOMES)[number] => (OUTCOMES as readonly string[]).includes(o);

function columns(t: T, locale: Locale, withTeam: boolean): Column<AuditEvent>[] {
  return [
    {
      label: t("columns.when"),
      className: "whitespace-nowrap text-xs",
      cell: (e) => <time dateTime={e.at.toISOString()}>{formatExactTime(e.at, locale)}</time>,
    },
    {
      label: t("columns.who"),
      className: "whitespace-nowrap",
      cell: (e) => (
        <>
          <span data-i18n-ignore>{e.actor}</span>
          {e.actorEmail ? (
            <span className="block text-xs text-slate-500" data-i18n-ignore>
              {e.actorEmail}
            </span>
          ) : null}
          {e.via === "api" ? (
            <span className="block text-xs text-slate-500" data-testid="audit-via-api">
              {t("viaApi")}
            </span>
          ) : null}
        </>
      ),
    },
    ...(withTeam
      ? [
          {
            label: t("columns.team"),
            className: "whitespace-nowrap",
            cell: (e: AuditEvent) => e.teamSlug ?? t("platform"),
          },
        ]
      : []),
    {
      label: t("columns.action"),
      cell: (e) => (
        <>
          <span data-testid="audit-action-words">{actionWords(t, e.action)}</span>
          <code className="block text-xs text-slate-500" data-testid="audit-action">
            {e.action}
          </code>
        </>
      ),
    },
    {
      label: t("columns.target"),
      cell: (e) => (
        <span data-i18n-ignore>
          <span className="text-slate-500">{e.targetKind}</span> {e.targetName}
        </span>
      ),
    },
    {
      label: t("columns.outcome"),
      cell: (e) => (
        <span
          data-outcome={e.outcome}
          className={`rounded px-1.5 py-0.5 text-xs ${OUTCOME_CLASS[e.outcome] ?? ""}`}
        >
          {isOutcome(e.outcome) ? t(`outcomes.${e.outcome}`) : e.outcome}
        </span>
      ),
    },
    {
      label: t("columns.details"),
      // Wrapped, not truncated: a refusal's reason is read by keyboard and touch users too.
      className: "max-w-md break-words text-xs text-slate-600 dark:text-slate-400",
      // Recorded values (names, the API server's reasons): data, shown as recorded.
      cell: (e) => <span data-i18n-ignore>{detailsText(e.details)}</span>,
    },
  ];
}

/**
 * An audit log page: filters as a GET form (so every view is a shareable URL), the table, cursor
 * paging links and the CSV download of the same filters. Server component; no client script.
 */
export async function AuditLog({
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
  const t = await getTranslations("audit");
  const locale = await getLocale();
  const filters = { ...query, cursor: undefined, dir: undefined };
  const filtered = Boolean(query.person || query.cluster || query.action || query.outcome || query.team);
  return (
    <div>
      <form
        method="get"
        action={path}
        className="mb-4 grid gap-3 sm:grid-cols-3 lg:grid-cols-6"
        aria-label={t("filterLabel")}
      >
        <label className="space-y-1 text-sm">
          <span className="block font-medium">{t("person")}</span>
          <input
            name="person"
            defaultValue={query.person ?? ""}
            placeholder={t("personPlaceholder")}
            className={inputClass}
          />
        </label>
        <label className="space-y-1 text-sm">
          <span className="block font-medium">{t("cluster")}</span>
          <input name="cluster" defaultValue={query.cluster ?? ""} className={inputClass} />
        </label>
        <label className="space-y-1 text-sm">
          <span className="block font-medium">{t("columns.action")}</span>
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
          <span className="block font-medium">{t("columns.outcome")}</span>
          <select name="outcome" defaultValue={query.outcome ?? ""} className={inputClass}>
            <option value="">{t("any")}</option>
            <option value="allowed">{t("filterOutcomes.allowed")}</option>
            <option value="refused">{t("filterOutcomes.refused")}</option>
            <option value="failed">{t("filterOutcomes.failed")}</option>
            <option value="attempted">{t("filterOutcomes.attempted")}</option>
          </select>
        </label>
        {teams ? (
          <label className="space-y-1 text-sm">
            <span className="block font-medium">{t("columns.team")}</span>
            <select name="team" defaultValue={query.team ?? ""} className={inputClass}>
              <option value="">{t("allTeams")}</option>
              <option value="-">{t("platformOnly")}</option>
              {teams.map((team) => (
                <option key={team.slug} value={team.slug}>
                  {team.displayName} ({team.slug})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClass}>
            {t("filter")}
          </button>
          {filtered ? (
            <Link href={path} className="text-sm text-sky-700 underline dark:text-sky-400">
              {t("clear")}
            </Link>
          ) : null}
        </div>
      </form>

      <div className="mb-2 flex justify-end">
        <a href={`${csvPath}${auditSearch(filters, {})}`} className={buttonClass} download>
          {t("csv")}
        </a>
      </div>

      {page.events.length === 0 ? (
        <EmptyState testId="audit-empty" title={filtered ? t("noMatch") : t("empty")} />
      ) : (
        <DataTable
          testId="audit-table"
          columns={columns(t, locale, Boolean(teams))}
          rows={page.events}
          rowKey={(e) => String(e.id)}
          rowAttributes={() => ({ "data-testid": "audit-row" })}
        />
      )}

      <nav aria-label={t("pages")} className="mt-3 flex items-center gap-3 text-sm">
        {page.prevCursor ? (
          <Link
            href={`${path}${auditSearch(filters, { cursor: page.prevCursor, dir: "newer" })}`}
            className={buttonClass}
            rel="prev"
          >
            {t("newer")}
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link
            href={`${path}${auditSearch(filters, { cursor: page.nextCursor, dir: "older" })}`}
            className={buttonClass}
            rel="next"
          >
            {t("older")}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
