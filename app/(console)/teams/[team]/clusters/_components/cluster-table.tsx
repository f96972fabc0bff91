"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { HealthBadge } from "@/components/clusters/health-badge.tsx";
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
import { formatAge } from "@/lib/format.ts";
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

const columns = (team: string): Column<Row>[] => [
  {
    label: "Name",
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
  { label: "Cluster class", sort: "className", className: "font-mono text-xs", cell: (c) => c.className },
  { label: "Kubernetes", sort: "version", cell: (c) => c.version },
  {
    label: "Health",
    sort: "health",
    cell: (c) => (
      <>
        <HealthBadge health={c.health} />
        {c.health !== "ready" && c.reason ? (
          <p className="mt-1 max-w-xs text-xs text-slate-600 dark:text-slate-300" data-testid="health-reason">
            {c.reason}
          </p>
        ) : null}
      </>
    ),
  },
  {
    label: "Phase",
    sort: "phase",
    cell: (c) => <PhaseBadge cluster={c} />,
  },
  {
    label: "Control plane",
    className: "tabular-nums",
    cell: (c) => `${c.controlPlane.ready}/${c.controlPlane.desired}`,
  },
  { label: "Workers", className: "tabular-nums", cell: (c) => `${c.workers.ready}/${c.workers.desired}` },
  {
    label: "Age",
    sort: "age",
    className: "text-slate-500",
    cell: (c) => (
      <time dateTime={c.createdAt ?? undefined}>{c.createdAt ? formatAge(c.createdAt) : "–"}</time>
    ),
  },
];

function compare(a: Row, b: Row, key: SortKey): number {
  if (key === "health") return HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health];
  if (key === "age") return (b.createdAt ?? "").localeCompare(a.createdAt ?? "");
  return a[key].localeCompare(b[key], undefined, { numeric: true });
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
            <span>Filter</span>
            <input
              type="search"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              placeholder="cluster name"
              aria-label="Filter clusters by name"
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
          title="No clusters yet"
          action={
            canCreate ? (
              <Link
                href={`/teams/${encodeURIComponent(team)}/clusters/new`}
                className="mt-3 inline-block rounded-md bg-sky-600 px-3 py-2 text-sm font-medium text-white hover:bg-sky-700"
              >
                Create the first cluster
              </Link>
            ) : null
          }
        >
          {canCreate
            ? "Create one from a cluster class: it appears here and comes up live."
            : "Clusters your team creates appear here. Viewers cannot create them: ask a team admin or member."}
        </EmptyState>
      ) : (
        <DataTable
          testId="cluster-table"
          columns={columns(team)}
          rows={rows}
          rowKey={(c) => c.uid}
          rowAttributes={(c) => ({ "data-testid": "cluster-row", "data-cluster": c.name })}
          sort={sort}
          onSort={setSort}
          empty={`No cluster matches “${filter}”.`}
        />
      )}
    </div>
  );
}
