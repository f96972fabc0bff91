import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { type ClusterStatusRowWithAddons, clusterStatusRow } from "@/lib/capi/cluster-health.ts";
import { type UserError, userErrorFrom } from "@/lib/errors.ts";
import { teamClusters } from "@/lib/k8s/clusters.ts";
import { logger } from "@/lib/logger.ts";
import { requireTeam } from "@/lib/teams/membership.ts";
import { ClusterTable } from "./_components/cluster-table.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("clusters"))("title") };
}

export default async function ClustersPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { user, team } = await requireTeam(slug);
  const t = await getTranslations("clusters");
  const roles = await getTranslations("roles");
  let clusters: ClusterStatusRowWithAddons[] | null = null;
  let error: UserError | null = null;
  try {
    clusters = (await teamClusters(user.identity, team.namespace)).map((c) => clusterStatusRow(c));
  } catch (err) {
    error = userErrorFrom(err);
    logger.warn(
      { event: "clusters.page", team: slug, code: error.code, err: (err as Error).message },
      "cluster list failed",
    );
  }
  return (
    <section>
      <div className="mb-4 flex items-baseline justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-sm text-slate-500">
            {team.displayName} · {t("namespace")} <code className="font-mono">{team.namespace}</code> ·{" "}
            {t("yourRole", { role: roles(team.role) })}
          </p>
        </div>
        {team.role !== "viewer" ? (
          <Link
            href={`/teams/${team.slug}/clusters/new`}
            className="rounded-md bg-sky-600 px-3 py-2 text-sm font-medium text-white hover:bg-sky-700"
          >
            {t("new")}
          </Link>
        ) : null}
      </div>
      {error ? (
        <ErrorPanel error={error} />
      ) : (
        <ClusterTable
          team={team.slug}
          namespace={team.namespace}
          initial={clusters ?? []}
          canCreate={team.role !== "viewer"}
        />
      )}
    </section>
  );
}
