"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { PhaseBadge } from "@/components/clusters/phase-badge.tsx";
import type { LiveObject } from "@/components/live/live-connection.ts";
import { LiveIndicator } from "@/components/live/live-indicator.tsx";
import { useLiveList } from "@/components/live/use-live-list.ts";
import { type Column, DataTable, type TableSort } from "@/components/ui/data-table.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { type ClusterSummary, summarizeCluster } from "@/lib/capi/cluster-summary.ts";
import { formatAge } from "@/lib/format.ts";
import type { Cluster } from "@/lib/k8s/types.ts";

type SortKey = "name" | "className" | "version" | "phase" | "age";

const KINDS = ["clusters"] as const;
const toSummary = (o: LiveObject) => summarizeCluster(o as unknown as Cluster);

const columns = (team: string): Column<ClusterSummary>[] => [
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

function compare(a: ClusterSummary, b: ClusterSummary, key: SortKey): number {
  if (key === "age") return (b.createdAt ?? "").localeCompare(a.createdAt ?? "");
  return a[key].localeCompare(b[key], undefined, { numeric: true });
}

/** The team's clusters: sortable, filterable by name, kept current by the live stream. */
export function ClusterTable({
  team,
  namespace,
  initial,
}: {
  team: string;
  namespace: string;
  initial: ClusterSummary[];
}) {
  const { status: live, data } = useLiveList({
    kinds: KINDS,
    namespaces: [namespace],
    view: "list",
    toRow: toSummary,
    initial: { clusters: initial },
  });
  const clusters = data.clusters ?? initial;
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
        <EmptyState testId="clusters-empty" title="No clusters yet">
          Clusters your team creates appear here.
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
