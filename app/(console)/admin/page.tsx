import type { Metadata } from "next";
import Link from "next/link";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { getDb } from "@/db/client.ts";
import { listTeams } from "@/db/queries/teams.ts";
import { requirePlatformAdmin } from "@/lib/admin/require-platform-admin.ts";
import { type UserError, userErrorFrom } from "@/lib/errors.ts";
import { type ClusterQuotaUse, countClustersByNamespace, listClusterQuotas } from "@/lib/k8s/teams.ts";
import { logger } from "@/lib/logger.ts";
import { CreateTeamForm } from "./_components/create-team-form.tsx";

export const metadata: Metadata = { title: "Platform admin" };

export default async function AdminPage() {
  const user = await requirePlatformAdmin("/admin");
  const teams = await listTeams(getDb());
  let counts = new Map<string, number>();
  let quotas = new Map<string, ClusterQuotaUse>();
  let error: UserError | null = null;
  try {
    // Read as the admin: the API server decides what they may see.
    [counts, quotas] = await Promise.all([
      countClustersByNamespace(user.identity),
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
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500 dark:border-slate-700">
          No teams yet. Create the first one below.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="w-full text-left text-sm" data-testid="admin-teams">
            <thead className="bg-slate-50 text-xs uppercase text-slate-500 dark:bg-slate-900">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Team
                </th>
                <th scope="col" className="px-3 py-2">
                  Namespace
                </th>
                <th scope="col" className="px-3 py-2">
                  Clusters
                </th>
                <th scope="col" className="px-3 py-2">
                  Node quota
                </th>
                <th scope="col" className="px-3 py-2">
                  Admin groups
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {teams.map((t) => {
                const q = quotas.get(t.namespace);
                const n = counts.get(t.namespace) ?? 0;
                return (
                  <tr key={t.id} data-testid="admin-team-row">
                    <td className="px-3 py-2">
                      <Link
                        href={`/admin/teams/${t.slug}`}
                        className="font-medium text-sky-700 underline dark:text-sky-400"
                      >
                        {t.displayName}
                      </Link>{" "}
                      <span className="text-xs text-slate-500">{t.slug}</span>
                    </td>
                    <td className="px-3 py-2 font-mono text-xs">{t.namespace}</td>
                    <td className="px-3 py-2" data-testid="admin-team-clusters">
                      {error ? "–" : q?.hard != null ? `${n} of ${q.hard}` : `${n} (no quota)`}
                    </td>
                    <td className="px-3 py-2">{t.maxWorkerNodes ?? "no limit"}</td>
                    <td className="px-3 py-2 text-xs">{t.adminGroups.join(", ") || "–"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <CreateTeamForm />
    </section>
  );
}
