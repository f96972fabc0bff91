import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ScanBadge } from "@/components/registry/scan-badge.tsx";
import { SeverityFilter } from "@/components/registry/severity-filter.tsx";
import { DataTable } from "@/components/ui/data-table.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { RelativeTime } from "@/components/ui/relative-time.tsx";
import { getDb } from "@/db/client.ts";
import { listTeams } from "@/db/queries/teams.ts";
import { requirePlatformAdmin } from "@/lib/admin/require-platform-admin.ts";
import type { MessageValues } from "@/lib/i18n/english.ts";
import { criticalOrHigh } from "@/lib/registry/browse.ts";
import { OVERVIEW_REPOSITORIES, registryOverview } from "@/lib/registry/overview.ts";
import type { RepositoryRow } from "@/lib/registry/types.ts";
import { registryOverviewQuerySchema } from "@/lib/validation/registry-browse.ts";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.registries"))("title") };
}

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

  const t = await getTranslations("admin.registries");
  const errors = (await getTranslations("errors")) as unknown as (
    key: string,
    values?: MessageValues,
  ) => string;
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {t("intro", { count: OVERVIEW_REPOSITORIES })}
        </p>
      </div>
      <DataTable
        testId="registry-overview-teams"
        caption={t("teamsCaption")}
        columns={[
          { label: t("columns.team"), className: "font-medium", cell: (o) => o.team.slug },
          {
            label: t("columns.registry"),
            cell: (o) => (o.kind === "harbor" ? "Harbor" : o.kind === "oci" ? t("ociNoScans") : t("none")),
          },
          {
            label: t("columns.repositories"),
            className: "tabular-nums",
            cell: (o) => (o.kind ? (o.total ?? o.repositories.length) : "–"),
          },
          {
            label: t("columns.criticalOrHigh"),
            className: "tabular-nums",
            cell: (o) => (o.kind === "harbor" && !o.problem ? o.criticalOrHigh : "–"),
          },
          {
            label: t("columns.notScanned"),
            className: "tabular-nums",
            cell: (o) => (o.kind === "harbor" && !o.problem ? o.notScanned : "–"),
          },
          {
            label: t("columns.running"),
            className: "tabular-nums",
            cell: (o) => (o.kind === "harbor" && !o.problem ? o.running : "–"),
          },
          {
            label: t("columns.problem"),
            // The API server's own words, where they are the message, as they come.
            cell: (o) =>
              !o.problem ? (
                ""
              ) : o.problem.asIs ? (
                <span data-i18n-ignore>{o.problem.message}</span>
              ) : (
                errors(`${o.problem.key}.message`, o.problem.values)
              ),
          },
        ]}
        rows={overview}
        rowKey={(o) => o.team.slug}
        rowAttributes={(o) => ({ "data-testid": "registry-overview-team", "data-team": o.team.slug })}
      />
      <div>
        <h2 className="mb-2 text-lg font-semibold">{t("columns.repositories")}</h2>
        <SeverityFilter active={query.severity === "high"} href={href} />
        {rows.length === 0 ? (
          <EmptyState
            testId="registry-overview-empty"
            title={query.severity ? t("emptyHigh.title") : t("empty.title")}
          >
            {query.severity ? t("emptyHigh.body") : t("empty.body")}
          </EmptyState>
        ) : (
          <DataTable
            testId="registry-overview-repositories"
            caption={t("repositoriesCaption")}
            columns={[
              { label: t("columns.team"), cell: (r: Row) => r.team },
              { label: t("columns.repository"), className: "font-medium", cell: (r: Row) => r.name },
              {
                label: t("columns.newest"),
                className: "font-mono text-xs",
                cell: (r: Row) => r.newest ?? "–",
              },
              {
                label: t("columns.lastPush"),
                className: "text-slate-600 dark:text-slate-400",
                cell: (r: Row) => (r.updatedAt ? <RelativeTime at={r.updatedAt} /> : "–"),
              },
              { label: t("columns.vulnerabilities"), cell: (r: Row) => <ScanBadge scan={r.scan} /> },
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
