import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { DataTable } from "@/components/ui/data-table.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { getDb } from "@/db/client.ts";
import { listTeams } from "@/db/queries/teams.ts";
import { requirePlatformAdmin } from "@/lib/admin/require-platform-admin.ts";
import { type UserError, userErrorFrom } from "@/lib/errors.ts";
import { namesByNamespace } from "@/lib/k8s/clusters.ts";
import { logger } from "@/lib/logger.ts";
import { type ClusterQuotaUse, listClusterQuotas } from "@/lib/teams/quotas.ts";
import { CreateTeamForm } from "./_components/create-team-form.tsx";
import { EndSessionsForm } from "./_components/end-sessions-form.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin"))("title") };
}

export default async function AdminPage() {
  const user = await requirePlatformAdmin("/admin");
  const teams = await listTeams(getDb());
  const t = await getTranslations("admin.teams");
  let clusters = new Map<string, string[]>();
  let quotas = new Map<string, ClusterQuotaUse>();
  let error: UserError | null = null;
  try {
    // Read as the admin: the API server decides what they may see.
    [clusters, quotas] = await Promise.all([
      namesByNamespace(user.identity, "clusters"),
      listClusterQuotas(user.identity),
    ]);
  } catch (err) {
    error = userErrorFrom(err, "platform");
    logger.warn({ event: "admin.teams", code: error.code, err: (err as Error).message }, "team usage failed");
  }
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-500">{t("intro")}</p>
      </div>
      {error ? <ErrorPanel error={error} /> : null}
      {teams.length === 0 ? (
        <EmptyState title={t("empty.title")}>{t("empty.body")}</EmptyState>
      ) : (
        <DataTable
          testId="admin-teams"
          columns={[
            {
              label: t("columns.team"),
              cell: (team) => (
                <>
                  <Link
                    href={`/admin/teams/${team.slug}`}
                    className="font-medium text-sky-700 underline dark:text-sky-400"
                  >
                    {team.displayName}
                  </Link>{" "}
                  <span className="text-xs text-slate-500">{team.slug}</span>
                </>
              ),
            },
            { label: t("columns.namespace"), className: "font-mono text-xs", cell: (team) => team.namespace },
            {
              label: t("columns.clusters"),
              cell: (team) => {
                const q = quotas.get(team.namespace);
                const n = clusters.get(team.namespace)?.length ?? 0;
                return (
                  <span data-testid="admin-team-clusters">
                    {error
                      ? "–"
                      : q?.hard != null
                        ? t("clustersOf", { n, hard: q.hard })
                        : t("clustersNoQuota", { n })}
                  </span>
                );
              },
            },
            { label: t("columns.nodeQuota"), cell: (team) => team.maxWorkerNodes ?? t("noLimit") },
            {
              label: t("columns.adminGroups"),
              className: "text-xs",
              cell: (team) => <span data-i18n-ignore>{team.adminGroups.join(", ") || "–"}</span>,
            },
          ]}
          rows={teams}
          rowKey={(t) => String(t.id)}
          rowAttributes={() => ({ "data-testid": "admin-team-row" })}
        />
      )}
      <CreateTeamForm />
      <EndSessionsForm />
    </section>
  );
}
