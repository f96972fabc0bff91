"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { HealthBadge } from "@/components/clusters/health-badge.tsx";
import { HealthReason } from "@/components/clusters/health-reason.tsx";
import type { LiveObject } from "@/components/live/live-connection.ts";
import { LiveIndicator } from "@/components/live/live-indicator.tsx";
import { useLiveList } from "@/components/live/use-live-list.ts";
import { type Column, DataTable } from "@/components/ui/data-table.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { Pager } from "@/components/ui/pager.tsx";
import { useMessage } from "@/components/ui/use-message.ts";
import { addonProblemsByCluster } from "@/lib/capi/addons.ts";
import {
  CLUSTER_HEALTHS,
  type ClusterHealth,
  type ClusterStatusRowWithAddons,
  clusterStatusRow,
  countByHealth,
  healthWithAddons,
} from "@/lib/capi/cluster-health.ts";
import {
  evaluateVersionPolicy,
  type KubernetesVersions,
  type PolicyResult,
  type PolicyStatus,
} from "@/lib/capi/version-policy.ts";
import type { StatusTeam } from "@/lib/clusters/status-wall.ts";
import { compareIso, compareNatural, formatRelativeTime } from "@/lib/i18n/format.ts";
import type { HelmReleaseProxy } from "@/lib/k8s/status-types.ts";
import type { Cluster } from "@/lib/k8s/types.ts";
import { pageWindow } from "@/lib/page-window.ts";
import { PolicyBadge } from "./badges.tsx";

type SortKey = "team" | "name" | "className" | "version" | "health" | "since" | "policy" | "addons";
const SORT_KEYS: readonly SortKey[] = [
  "team",
  "name",
  "className",
  "version",
  "health",
  "since",
  "policy",
  "addons",
];

// Worst first: a status wall is read top-down for what needs attention.
const HEALTH_ORDER: Record<ClusterHealth, number> = { failing: 0, degraded: 1, progressing: 2, ready: 3 };
const POLICY_ORDER: Record<PolicyStatus, number> = {
  "non-compliant": 0,
  "due-soon": 1,
  unknown: 2,
  compliant: 3,
};

const NO_VERSIONS: PolicyResult = {
  status: "unknown",
  reasonMessage: { key: "unavailable", values: {} },
  findings: [],
};

/**
 * Rows a page. Every row in the page costs layout on each change (a sort, a filter, a live status),
 * and a table of 2,000 took 300–800 ms of style and layout per change; sort and filter still apply
 * to every cluster, worst first, so the first page is what needs attention.
 */
const PAGE_SIZE = 100;
/** What the reader may choose instead (`?per=`). */
const PAGE_SIZES = [10, 25, 50, 100, 250] as const;

type Row = ClusterStatusRowWithAddons & { team: StatusTeam | undefined; policy: PolicyResult };

const KINDS = ["clusters"] as const;
const toStatusRow = (o: LiveObject) => clusterStatusRow(o as unknown as Cluster);
// Add-on releases (add-on provider Helm) come as objects: a cluster's row joins its failed ones.
const ADDON_KINDS = ["helmReleaseProxies"] as const;
const asObject = (o: LiveObject) => o;

function compare(a: Row, b: Row, key: SortKey): number {
  const text = compareNatural;
  switch (key) {
    case "team":
      return text(a.team?.displayName ?? a.namespace, b.team?.displayName ?? b.namespace);
    case "health":
      return HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health];
    case "policy":
      return POLICY_ORDER[a.policy.status] - POLICY_ORDER[b.policy.status];
    case "addons":
      // Clusters with the most add-on problems first.
      return b.addonProblems.length - a.addonProblems.length;
    case "since":
      // Longest in its state first.
      return compareIso(a.since, b.since);
    default:
      return text(a[key], b[key]);
  }
}

type Say = {
  t: ReturnType<typeof useTranslations<"status">>;
  policy: ReturnType<typeof useMessage>;
  locale: ReturnType<typeof useLocale>;
};

const columns = (now: number, { t, policy, locale }: Say): Column<Row>[] => [
  { label: t("columns.team"), sort: "team", cell: (r) => r.team?.displayName ?? r.namespace },
  {
    label: t("columns.cluster"),
    sort: "name",
    className: "font-medium",
    cell: (r) =>
      r.team ? (
        <Link
          href={`/teams/${encodeURIComponent(r.team.slug)}/clusters/${encodeURIComponent(r.name)}`}
          className="hover:underline"
        >
          {r.name}
        </Link>
      ) : (
        r.name
      ),
  },
  {
    label: t("columns.class"),
    sort: "className",
    className: "font-mono text-xs",
    cell: (r) => r.className || "–",
  },
  {
    label: t("columns.kubernetes"),
    sort: "version",
    className: "tabular-nums",
    cell: (r) => r.version || "–",
  },
  {
    label: t("columns.health"),
    sort: "health",
    cell: (r) => (
      <>
        <HealthBadge health={r.health} />
        {r.health !== "ready" && r.reason ? (
          // The controllers' words, as they come.
          <p className="mt-1 max-w-xs text-xs text-slate-600 dark:text-slate-300" data-testid="health-reason">
            <HealthReason reason={r.reason} />
          </p>
        ) : null}
      </>
    ),
  },
  {
    label: t("columns.addons"),
    sort: "addons",
    cell: (r) =>
      r.addonProblems.length ? (
        <span className="text-xs text-red-800 dark:text-red-200" data-testid="addon-problems">
          {t("addonsFailed", { count: r.addonProblems.length })}{" "}
          <span data-i18n-ignore>{r.addonProblems.join(", ")}</span>
        </span>
      ) : (
        <span className="text-xs text-slate-500">–</span>
      ),
  },
  {
    label: t("columns.since"),
    sort: "since",
    className: "text-slate-500",
    cell: (r) =>
      r.since ? (
        <time dateTime={r.since} title={r.since}>
          {t("since", { age: formatRelativeTime(r.since, now, locale) })}
        </time>
      ) : (
        "–"
      ),
  },
  {
    label: t("columns.policy"),
    sort: "policy",
    cell: (r) => {
      const reason = r.policy.reasonMessage ? policy(r.policy.reasonMessage) : "";
      return (
        <>
          <PolicyBadge status={r.policy.status} reason={reason} />
          <p className="mt-1 max-w-sm text-xs text-slate-600 dark:text-slate-300" data-testid="policy-reason">
            {reason}
          </p>
        </>
      );
    },
  },
];

/**
 * The status wall's table: filters (team, health, class) and sort live in the URL so a view can
 * be shared; counts per health; kept current by the live stream.
 */
export function StatusWall({
  teams,
  initial,
  versions,
  renderedAt,
}: {
  teams: StatusTeam[];
  initial: ClusterStatusRowWithAddons[];
  versions: KubernetesVersions | null;
  renderedAt: number;
}) {
  const t = useTranslations("status");
  const th = useTranslations("health");
  const policy = useMessage("policy");
  const locale = useLocale();
  // One list per team namespace: a team that is no longer visible (archived, access removed
  // since) takes its rows with it, though the query cache outlives this page.
  const { status: live, data } = useLiveList({
    kinds: KINDS,
    namespaces: teams.map((t) => t.namespace),
    view: "status",
    toRow: toStatusRow,
    initial: { clusters: initial },
  });
  const statusRows = data.clusters ?? initial;
  const { data: addonData } = useLiveList({
    kinds: ADDON_KINDS,
    namespaces: teams.map((t) => t.namespace),
    view: "objects",
    toRow: asObject,
  });
  const releases = addonData.helmReleaseProxies;

  // The server's clock first (so the markup hydrates unchanged), then the browser's, each half minute.
  const [now, setNow] = useState(renderedAt);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  const pathname = usePathname();
  const params = useSearchParams();
  const teamFilter = params.get("team") ?? "";
  const healthParam = params.get("health") ?? "";
  const healthFilter = (CLUSTER_HEALTHS as readonly string[]).includes(healthParam)
    ? (healthParam as ClusterHealth)
    : "";
  const classFilter = params.get("class") ?? "";
  const addonFilter = params.get("addons") === "problems" ? "problems" : "";
  const sortParam = params.get("sort") ?? "";
  const sortKey: SortKey = (SORT_KEYS as readonly string[]).includes(sortParam)
    ? (sortParam as SortKey)
    : "health";
  const dir = params.get("dir") === "desc" ? -1 : 1;

  // A new sort or filter starts again at the first page.
  const setParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    if (!("page" in changes)) next.delete("page");
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const q = next.toString();
    // The History API keeps useSearchParams in step without a server round trip.
    window.history.replaceState(null, "", q ? `${pathname}?${q}` : pathname);
  };

  const clearFilters = () => setParams({ team: null, health: null, class: null, addons: null });

  const teamsByNamespace = useMemo(() => new Map(teams.map((t) => [t.namespace, t])), [teams]);
  const rows: Row[] = useMemo(() => {
    const policies = new Map<string, PolicyResult>();
    const policyOf = (version: string) => {
      if (!versions) return NO_VERSIONS;
      let p = policies.get(version);
      if (!p) {
        p = evaluateVersionPolicy(version, versions, now);
        policies.set(version, p);
      }
      return p;
    };
    const problems = addonProblemsByCluster((releases ?? []) as unknown as HelmReleaseProxy[]);
    return statusRows.map((r) => {
      const failed = problems.get(`${r.namespace}/${r.name}`) ?? [];
      return {
        ...r,
        ...healthWithAddons(r, failed),
        addonProblems: failed.map((f) => f.name),
        team: teamsByNamespace.get(r.namespace),
        policy: policyOf(r.version),
      };
    });
  }, [statusRows, releases, teamsByNamespace, versions, now]);

  const classes = useMemo(() => [...new Set(rows.map((r) => r.className).filter(Boolean))].sort(), [rows]);
  // Counts follow the team and class filters, not the health filter: they are its choices.
  const scoped = useMemo(
    () =>
      rows.filter(
        (r) =>
          (!teamFilter || r.team?.slug === teamFilter) &&
          (!classFilter || r.className === classFilter) &&
          (!addonFilter || r.addonProblems.length > 0),
      ),
    [rows, teamFilter, classFilter, addonFilter],
  );
  const counts = useMemo(() => countByHealth(scoped), [scoped]);
  const shown = useMemo(
    () =>
      scoped
        .filter((r) => !healthFilter || r.health === healthFilter)
        .sort(
          (a, b) => compare(a, b, sortKey) * dir || compare(a, b, "team") || compareNatural(a.name, b.name),
        ),
    [scoped, healthFilter, sortKey, dir],
  );
  const perParam = Number(params.get("per"));
  const pageSize = (PAGE_SIZES as readonly number[]).includes(perParam) ? perParam : PAGE_SIZE;
  const paging = pageWindow(shown.length, Number(params.get("page") ?? "1"), pageSize);
  const pageRows = useMemo(() => shown.slice(paging.start, paging.end), [shown, paging.start, paging.end]);
  const tableColumns = useMemo(() => columns(now, { t, policy, locale }), [now, t, policy, locale]);
  const filtered = !!(teamFilter || healthFilter || classFilter || addonFilter);

  return (
    <div data-testid="status-wall" data-clusters={rows.length}>
      <ul className="mb-4 flex flex-wrap gap-3" aria-label={t("byHealth")} data-testid="health-counts">
        {CLUSTER_HEALTHS.map((h) => (
          <li key={h}>
            <button
              type="button"
              data-testid={`count-${h}`}
              aria-pressed={healthFilter === h}
              onClick={() => setParams({ health: healthFilter === h ? null : h })}
              className={`rounded-lg border px-4 py-2 text-left hover:bg-slate-100 dark:hover:bg-slate-800 ${
                healthFilter === h
                  ? "border-sky-600 ring-1 ring-sky-600"
                  : "border-slate-200 dark:border-slate-800"
              }`}
            >
              <span className="block text-2xl font-semibold tabular-nums">{counts[h]}</span>
              <span className="text-sm text-slate-600 dark:text-slate-300">{t(`counts.${h}`)}</span>
            </button>
          </li>
        ))}
      </ul>

      <div className="mb-3 flex flex-wrap items-center gap-3">
        <FilterSelect
          label={t("columns.team")}
          filterLabel={t("filterBy.team")}
          any={t("any.team")}
          value={teamFilter}
          options={teams.map((t) => [t.slug, t.displayName])}
          onChange={(team) => setParams({ team })}
        />
        <FilterSelect
          label={t("columns.health")}
          filterLabel={t("filterBy.health")}
          any={t("any.health")}
          value={healthFilter}
          options={CLUSTER_HEALTHS.map((h) => [h, th(h)])}
          onChange={(health) => setParams({ health })}
        />
        <FilterSelect
          label={t("columns.class")}
          filterLabel={t("filterBy.class")}
          any={t("any.class")}
          value={classFilter}
          // A class from a shared link may have no cluster any more: keep it selectable.
          options={[...new Set([...classes, ...(classFilter ? [classFilter] : [])])].map((c) => [c, c])}
          onChange={(c) => setParams({ class: c })}
        />
        <FilterSelect
          label={t("columns.addons")}
          filterLabel={t("filterBy.addons")}
          any={t("any.addons")}
          value={addonFilter}
          options={[["problems", t("withAddonProblems")]]}
          onChange={(addons) => setParams({ addons })}
        />
        {filtered ? (
          <button
            type="button"
            className="text-sm text-sky-700 hover:underline dark:text-sky-400"
            onClick={clearFilters}
          >
            {t("clearFilters")}
          </button>
        ) : null}
        <span className="ml-auto">
          <LiveIndicator status={live} />
        </span>
      </div>

      {rows.length === 0 ? (
        <EmptyState testId="status-empty" title={t("empty.title")}>
          {teams.length === 1 ? t("empty.oneTeam", { team: teams[0]?.displayName ?? "" }) : t("empty.teams")}
        </EmptyState>
      ) : (
        <>
          <DataTable
            testId="status-table"
            columns={tableColumns}
            rows={pageRows}
            rowKey={(r) => r.uid}
            rowAttributes={(r) => ({
              "data-testid": "status-row",
              "data-cluster": r.name,
              "data-team": r.team?.slug ?? r.namespace,
              "data-health": r.health,
              "data-addon-problems": String(r.addonProblems.length),
            })}
            sort={{ key: sortKey, descending: dir === -1 }}
            onSort={(next) => setParams({ sort: next.key, dir: next.descending ? "desc" : null })}
            emptyTestId="status-no-match"
            empty={
              <>
                {t("noMatch")}{" "}
                <button
                  type="button"
                  className="text-sky-700 hover:underline dark:text-sky-400"
                  onClick={clearFilters}
                >
                  {t("clearFilters")}
                </button>
              </>
            }
          />
          {shown.length > PAGE_SIZES[0] ? (
            <div className="flex flex-wrap items-center justify-between gap-3">
              {shown.length > pageSize ? (
                <Pager
                  page={{
                    page: paging.page,
                    pageSize,
                    total: shown.length,
                    hasNext: paging.page < paging.pages,
                  }}
                  label={t("pages")}
                  onPage={(page) => {
                    setParams({ page: page > 1 ? String(page) : null });
                    // Back to the table's first row when the page turned with the table's top out of view.
                    const table = document.querySelector('[data-testid="status-table"]');
                    if (table && table.getBoundingClientRect().top < 0)
                      table.scrollIntoView({ block: "start" });
                  }}
                />
              ) : (
                <span />
              )}
              <div className="mt-3">
                <FilterSelect
                  label={t("perPage")}
                  filterLabel={t("perPage")}
                  value={String(pageSize)}
                  options={PAGE_SIZES.map((n) => [String(n), String(n)])}
                  onChange={(per) => setParams({ per: Number(per) === PAGE_SIZE ? null : per })}
                />
              </div>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}

/**
 * One of the wall's selects: a filter ("Team: [All teams ▾]", announced as "Filter by team") or,
 * without `any`, a plain choice (rows per page).
 */
function FilterSelect({
  label,
  filterLabel,
  any,
  value,
  options,
  onChange,
}: {
  label: string;
  /** The select's accessible name ("Filter by team"). */
  filterLabel: string;
  /** The choice that filters nothing (none for a choice that is not a filter). */
  any?: string;
  value: string;
  options: [value: string, text: string][];
  onChange: (value: string | null) => void;
}) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <span>{label}</span>
      <select
        aria-label={filterLabel}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
        value={value}
        onChange={(e) => onChange(e.target.value || null)}
      >
        {any === undefined ? null : <option value="">{any}</option>}
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
