"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { HealthBadge } from "@/components/clusters/health-badge.tsx";
import { HealthReason } from "@/components/clusters/health-reason.tsx";
import { PhaseBadge } from "@/components/clusters/phase-badge.tsx";
import type { LiveObject } from "@/components/live/live-connection.ts";
import { LiveIndicator } from "@/components/live/live-indicator.tsx";
import { useLiveList } from "@/components/live/use-live-list.ts";
import { type Column, DataTable, type TableSort } from "@/components/ui/data-table.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { addonProblemsByCluster } from "@/lib/capi/addons.ts";
import {
  type ClusterHealth,
  type ClusterStatusRowWithAddons,
  clusterStatusRow,
  healthWithAddons,
} from "@/lib/capi/cluster-health.ts";
import { compareIso, compareNatural, formatRelativeTime } from "@/lib/i18n/format.ts";
import type { HelmReleaseProxy } from "@/lib/k8s/status-types.ts";
import type { Cluster } from "@/lib/k8s/types.ts";

type SortKey = "name" | "className" | "version" | "health" | "phase" | "age";
type Row = ClusterStatusRowWithAddons;

const KINDS = ["clusters"] as const;
// The same rows and words as the status wall: health from the conditions, degraded by failed add-ons.
const toRow = (o: LiveObject) => clusterStatusRow(o as unknown as Cluster);
const ADDON_KINDS = ["helmReleaseProxies"] as const;
const asObject = (o: LiveObject) => o;
// Worst first, as on the status wall.
const HEALTH_ORDER: Record<ClusterHealth, number> = { failing: 0, degraded: 1, progressing: 2, ready: 3 };

type T = ReturnType<typeof useTranslations<"clusters">>;

const columns = (team: string, t: T, locale: ReturnType<typeof useLocale>): Column<Row>[] => [
  {
    label: t("columns.name"),
    sort: "name",
    className: "font-medium",
    cell: (c) => (
      <Link
        href={`/teams/${encodeURIComponent(team)}/clusters/${encodeURIComponent(c.name)}`}
        className="hover:underline"
      >
        {c.name}
      </Link>
    ),
  },
  { label: t("columns.class"), sort: "className", className: "font-mono text-xs", cell: (c) => c.className },
  { label: t("columns.kubernetes"), sort: "version", cell: (c) => c.version },
  {
    label: t("columns.health"),
    sort: "health",
    cell: (c) => (
      <>
        <HealthBadge health={c.health} />
        {c.health !== "ready" && c.reason ? (
          <p className="mt-1 max-w-xs text-xs text-slate-600 dark:text-slate-300" data-testid="health-reason">
            <HealthReason reason={c.reason} />
          </p>
        ) : null}
      </>
    ),
  },
  {
    label: t("columns.phase"),
    sort: "phase",
    cell: (c) => <PhaseBadge cluster={c} />,
  },
  {
    label: t("columns.controlPlane"),
    className: "tabular-nums",
    cell: (c) => `${c.controlPlane.ready}/${c.controlPlane.desired}`,
  },
  {
    label: t("columns.workers"),
    className: "tabular-nums",
    cell: (c) => `${c.workers.ready}/${c.workers.desired}`,
  },
  {
    label: t("columns.age"),
    sort: "age",
    className: "text-slate-500",
    cell: (c) => (
      <time dateTime={c.createdAt ?? undefined} suppressHydrationWarning>
        {c.createdAt ? formatRelativeTime(c.createdAt, Date.now(), locale) : "–"}
      </time>
    ),
  },
];

function compare(a: Row, b: Row, key: SortKey): number {
  if (key === "health") return HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health];
  if (key === "age") return compareIso(b.createdAt, a.createdAt);
  return compareNatural(a[key], b[key]);
}

/** The team's clusters: sortable, filterable by name, kept current by the live stream. */
export function ClusterTable({
  team,
  namespace,
  initial,
  canCreate,
}: {
  team: string;
  namespace: string;
  initial: Row[];
  /** Whether to offer creating one (viewers cannot; the API server still decides). */
  canCreate: boolean;
}) {
  const t = useTranslations("clusters");
  const locale = useLocale();
  const { status: live, data } = useLiveList({
    kinds: KINDS,
    namespaces: [namespace],
    view: "status",
    toRow,
    initial: { clusters: initial },
  });
  const { data: addonData } = useLiveList({
    kinds: ADDON_KINDS,
    namespaces: [namespace],
    view: "objects",
    toRow: asObject,
  });
  const releases = addonData.helmReleaseProxies;
  const clusters = useMemo(() => {
    const rows = data.clusters ?? initial;
    const problems = addonProblemsByCluster((releases ?? []) as unknown as HelmReleaseProxy[]);
    return rows.map((r) => {
      const failed = problems.get(`${r.namespace}/${r.name}`) ?? [];
      return { ...r, ...healthWithAddons(r, failed), addonProblems: failed.map((f) => f.name) };
    });
  }, [data.clusters, initial, releases]);
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<TableSort>({ key: "name", descending: false });
  const rows = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return clusters
      .filter((c) => !f || c.name.toLowerCase().includes(f))
      .sort((a, b) => compare(a, b, sort.key as SortKey) * (sort.descending ? -1 : 1));
  }, [clusters, filter, sort]);

  return (
    <div>
      <div className="mb-3 flex items-center gap-3">
        {clusters.length > 0 ? (
          <label className="flex items-center gap-2 text-sm">
            <span>{t("filter")}</span>
            <input
              type="search"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              placeholder={t("filterPlaceholder")}
              aria-label={t("filterLabel")}
              className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
            />
          </label>
        ) : null}
        <span className="ml-auto">
          <LiveIndicator status={live} />
        </span>
      </div>
      {clusters.length === 0 ? (
        <EmptyState
          testId="clusters-empty"
          title={t("empty.title")}
          action={
            canCreate ? (
              <Link
                href={`/teams/${encodeURIComponent(team)}/clusters/new`}
                className="mt-3 inline-block rounded-md bg-sky-600 px-3 py-2 text-sm font-medium text-white hover:bg-sky-700"
              >
                {t("empty.create")}
              </Link>
            ) : null
          }
        >
          {canCreate ? t("empty.bodyCreate") : t("empty.bodyViewer")}
        </EmptyState>
      ) : (
        <DataTable
          testId="cluster-table"
          columns={columns(team, t, locale)}
          rows={rows}
          rowKey={(c) => c.uid}
          rowAttributes={(c) => ({ "data-testid": "cluster-row", "data-cluster": c.name })}
          sort={sort}
          onSort={setSort}
          empty={t("noMatch", { filter })}
        />
      )}
    </div>
  );
}
