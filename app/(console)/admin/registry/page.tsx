import type { Metadata } from "next";
import { ScanBadge } from "@/components/registry/scan-badge.tsx";
import { SeverityFilter } from "@/components/registry/severity-filter.tsx";
import { DataTable } from "@/components/ui/data-table.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { RelativeTime } from "@/components/ui/relative-time.tsx";
import { getDb } from "@/db/client.ts";
import { listTeams } from "@/db/queries/teams.ts";
import { requirePlatformAdmin } from "@/lib/admin/require-platform-admin.ts";
import { criticalOrHigh } from "@/lib/registry/browse.ts";
import { OVERVIEW_REPOSITORIES, registryOverview } from "@/lib/registry/overview.ts";
import type { RepositoryRow } from "@/lib/registry/types.ts";
import { registryOverviewQuerySchema } from "@/lib/validation/registry-browse.ts";

export const metadata: Metadata = { title: "Registries" };

type Row = RepositoryRow & { team: string };

/**
 * /admin/registry: every team's Harbor scans side by side, for platform admins. Each team's
 * registry is read through its own connection and scope; repositories are text here, since a
 * platform admin need not be a member of the team whose pages they link to.
 */
export default async function AdminRegistryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePlatformAdmin("/admin/registry");
  const raw = await searchParams;
  const query = registryOverviewQuerySchema.parse({
    severity: Array.isArray(raw.severity) ? raw.severity[0] : raw.severity,
  });
  const teams = await listTeams(getDb());
  const overview = await registryOverview(getDb(), user, teams);
  const rows: Row[] = overview
    .flatMap((o) => o.repositories.map((r) => ({ ...r, team: o.team.slug })))
    .filter((r) => query.severity !== "high" || criticalOrHigh(r.scan));
  const href = (severity: "high" | undefined) =>
    severity ? "/admin/registry?severity=high" : "/admin/registry";

  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Registries</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          What Harbor&apos;s scanner found in each team&apos;s newest artifacts (the {OVERVIEW_REPOSITORIES}{" "}
          most recently pushed repositories per team).
        </p>
      </div>
      <DataTable
        testId="registry-overview-teams"
        caption="Teams and their registries"
        columns={[
          { label: "Team", className: "font-medium", cell: (o) => o.team.slug },
          {
            label: "Registry",
            cell: (o) =>
              o.kind === "harbor"
                ? "Harbor"
                : o.kind === "oci"
                  ? "OCI registry (no scans)"
                  : "None connected",
          },
          {
            label: "Repositories",
            className: "tabular-nums",
            cell: (o) => (o.kind ? (o.total ?? o.repositories.length) : "–"),
          },
          {
            label: "Critical or high",
            className: "tabular-nums",
            cell: (o) => (o.kind === "harbor" && !o.problem ? o.criticalOrHigh : "–"),
          },
          {
            label: "Not scanned",
            className: "tabular-nums",
            cell: (o) => (o.kind === "harbor" && !o.problem ? o.notScanned : "–"),
          },
          {
            label: "Scan running",
            className: "tabular-nums",
            cell: (o) => (o.kind === "harbor" && !o.problem ? o.running : "–"),
          },
          { label: "Problem", cell: (o) => o.problem ?? "" },
        ]}
        rows={overview}
        rowKey={(o) => o.team.slug}
        rowAttributes={(o) => ({ "data-testid": "registry-overview-team", "data-team": o.team.slug })}
      />
      <div>
        <h2 className="mb-2 text-lg font-semibold">Repositories</h2>
        <SeverityFilter active={query.severity === "high"} href={href} />
        {rows.length === 0 ? (
          <EmptyState
            testId="registry-overview-empty"
            title={query.severity ? "Nothing critical or high" : "No scanned repositories"}
          >
            {query.severity
              ? "In no team's newest artifacts did Harbor's scanner find a critical or high vulnerability."
              : "Teams connected to Harbor show their repositories here."}
          </EmptyState>
        ) : (
          <DataTable
            testId="registry-overview-repositories"
            caption="Repositories of every team"
            columns={[
              { label: "Team", cell: (r: Row) => r.team },
              { label: "Repository", className: "font-medium", cell: (r: Row) => r.name },
              { label: "Newest artifact", className: "font-mono text-xs", cell: (r: Row) => r.newest ?? "–" },
              {
                label: "Last push",
                className: "text-slate-600 dark:text-slate-400",
                cell: (r: Row) => (r.updatedAt ? <RelativeTime at={r.updatedAt} /> : "–"),
              },
              { label: "Vulnerabilities", cell: (r: Row) => <ScanBadge scan={r.scan} /> },
            ]}
            rows={rows}
            rowKey={(r) => `${r.team}/${r.name}`}
            rowAttributes={(r) => ({ "data-testid": "registry-overview-row", "data-repository": r.name })}
          />
        )}
      </div>
    </section>
  );
}
