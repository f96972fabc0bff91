"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import type { LiveObject } from "@/components/live/live-connection.ts";
import { LiveIndicator } from "@/components/live/live-indicator.tsx";
import { useLiveList } from "@/components/live/use-live-list.ts";
import { type ClusterSummary, summarizeCluster } from "@/lib/capi/cluster-summary.ts";
import { formatAge } from "@/lib/format.ts";
import type { Cluster } from "@/lib/k8s/types.ts";

type SortKey = "name" | "className" | "version" | "phase" | "age";

const columns: { key: SortKey | null; label: string }[] = [
  { key: "name", label: "Name" },
  { key: "className", label: "Cluster class" },
  { key: "version", label: "Kubernetes" },
  { key: "phase", label: "Phase" },
  { key: null, label: "Control plane" },
  { key: null, label: "Workers" },
  { key: "age", label: "Age" },
];

const phaseStyle: Record<string, string> = {
  Provisioned: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100",
  Provisioning: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100",
  Pending: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
  Deleting: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  Failed: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100",
};

const KINDS = ["clusters"] as const;
const toSummary = (o: LiveObject) => summarizeCluster(o as unknown as Cluster);

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
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: "name", dir: 1 });
  const rows = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return clusters
      .filter((c) => !f || c.name.toLowerCase().includes(f))
      .sort((a, b) => compare(a, b, sort.key) * sort.dir);
  }, [clusters, filter, sort]);

  if (clusters.length === 0) {
    return (
      <div>
        <div className="mb-3 flex justify-end">
          <LiveIndicator status={live} />
        </div>
        <div
          data-testid="clusters-empty"
          className="rounded-lg border border-dashed border-slate-300 p-10 text-center dark:border-slate-700"
        >
          <p className="font-medium">No clusters yet</p>
          <p className="mt-1 text-sm text-slate-500">Clusters your team creates appear here.</p>
        </div>
      </div>
    );
  }

  return (
    <div>
      <div className="mb-3 flex items-center gap-3">
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
        <span className="ml-auto">
          <LiveIndicator status={live} />
        </span>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
        <table className="w-full text-left text-sm" data-testid="cluster-table">
          <thead className="bg-slate-100 dark:bg-slate-900">
            <tr>
              {columns.map((col) => (
                <th
                  key={col.label}
                  scope="col"
                  className="px-3 py-2 font-medium"
                  aria-sort={
                    col.key && sort.key === col.key
                      ? sort.dir === 1
                        ? "ascending"
                        : "descending"
                      : undefined
                  }
                >
                  {col.key ? (
                    <button
                      type="button"
                      className="hover:underline"
                      onClick={() => {
                        const key = col.key as SortKey;
                        setSort((s) => ({ key, dir: s.key === key ? (-s.dir as 1 | -1) : 1 }));
                      }}
                    >
                      {col.label}
                      {sort.key === col.key ? (sort.dir === 1 ? " ▲" : " ▼") : ""}
                    </button>
                  ) : (
                    col.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr
                key={c.uid}
                data-testid="cluster-row"
                data-cluster={c.name}
                className="border-t border-slate-200 dark:border-slate-800"
              >
                <td className="px-3 py-2 font-medium">
                  <Link
                    href={`/teams/${encodeURIComponent(team)}/clusters/${encodeURIComponent(c.name)}`}
                    className="hover:underline"
                  >
                    {c.name}
                  </Link>
                </td>
                <td className="px-3 py-2 font-mono text-xs">{c.className}</td>
                <td className="px-3 py-2">{c.version}</td>
                <td className="px-3 py-2">
                  <span
                    className={`rounded-full px-2 py-0.5 text-xs ${phaseStyle[c.phase] ?? phaseStyle.Pending}`}
                    title={c.problem ?? undefined}
                  >
                    {c.phase}
                  </span>
                </td>
                <td className="px-3 py-2 tabular-nums">
                  {c.controlPlane.ready}/{c.controlPlane.desired}
                </td>
                <td className="px-3 py-2 tabular-nums">
                  {c.workers.ready}/{c.workers.desired}
                </td>
                <td className="px-3 py-2 text-slate-500">
                  <time dateTime={c.createdAt ?? undefined}>
                    {c.createdAt ? formatAge(c.createdAt) : "–"}
                  </time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? (
          <p className="p-4 text-sm text-slate-500">No cluster matches “{filter}”.</p>
        ) : null}
      </div>
    </div>
  );
}
