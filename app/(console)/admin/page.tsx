import type { Metadata } from "next";
import Link from "next/link";
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

export const metadata: Metadata = { title: "Platform admin" };

export default async function AdminPage() {
  const user = await requirePlatformAdmin("/admin");
  const teams = await listTeams(getDb());
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
        <h1 className="text-2xl font-semibold">Teams</h1>
        <p className="text-sm text-slate-500">Every team, its clusters and its quota use.</p>
      </div>
      {error ? <ErrorPanel error={error} /> : null}
      {teams.length === 0 ? (
        <EmptyState title="No teams yet">Create the first one below.</EmptyState>
      ) : (
        <DataTable
          testId="admin-teams"
          columns={[
            {
              label: "Team",
              cell: (t) => (
                <>
                  <Link
                    href={`/admin/teams/${t.slug}`}
                    className="font-medium text-sky-700 underline dark:text-sky-400"
                  >
                    {t.displayName}
                  </Link>{" "}
                  <span className="text-xs text-slate-500">{t.slug}</span>
                </>
              ),
            },
            { label: "Namespace", className: "font-mono text-xs", cell: (t) => t.namespace },
            {
              label: "Clusters",
              cell: (t) => {
                const q = quotas.get(t.namespace);
                const n = clusters.get(t.namespace)?.length ?? 0;
                return (
                  <span data-testid="admin-team-clusters">
                    {error ? "–" : q?.hard != null ? `${n} of ${q.hard}` : `${n} (no quota)`}
                  </span>
                );
              },
            },
            { label: "Node quota", cell: (t) => t.maxWorkerNodes ?? "no limit" },
            { label: "Admin groups", className: "text-xs", cell: (t) => t.adminGroups.join(", ") || "–" },
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
