import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { getDb } from "@/db/client.ts";
import { getRegistryConnection } from "@/db/queries/registry-connections.ts";
import { getTeamBySlug, listOfferedClasses } from "@/db/queries/teams.ts";
import { loadAddonCatalog } from "@/lib/addons/catalog.ts";
import { requirePlatformAdmin } from "@/lib/admin/require-platform-admin.ts";
import { CATALOG_ID_LABEL } from "@/lib/capi/addon-catalog.ts";
import { classOffers } from "@/lib/capi/class-catalog.ts";
import { type UserError, userErrorFrom } from "@/lib/errors.ts";
import { listCatalogProxies } from "@/lib/k8s/chart-proxies.ts";
import {
  listClusterClasses,
  listClusterStackReleases,
  listClusters,
  namesByNamespace,
} from "@/lib/k8s/clusters.ts";
import { logger } from "@/lib/logger.ts";
import { readTeamRoleBindings } from "@/lib/teams/provisioning.ts";
import { listClusterQuotas } from "@/lib/teams/quotas.ts";
import { ArchivePanel } from "../../_components/archive-panel.tsx";
import { CopyClassForm } from "../../_components/copy-class-form.tsx";
import { GroupsForm } from "../../_components/groups-form.tsx";
import { OfferedClassesForm } from "../../_components/offered-classes-form.tsx";
import { QuotasForm } from "../../_components/quotas-form.tsx";
import { RegistryForm } from "../../_components/registry-form.tsx";
import { type CatalogEntryView, TeamAddonsForm } from "../../_components/team-addons-form.tsx";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: `${t("admin.team.title")} · ${t("admin.title")}` };
}

export default async function AdminTeamPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const user = await requirePlatformAdmin(`/admin/teams/${encodeURIComponent(slug)}`);
  const db = getDb();
  const team = await getTeamBySlug(db, slug);
  if (!team) notFound();
  const [offered, registry] = await Promise.all([
    listOfferedClasses(db, team.id),
    getRegistryConnection(db, team.id),
  ]);

  let kube: {
    clusters: string[];
    maxClusters: number | null;
    groups: { admin: string[]; member: string[]; viewer: string[] };
    classes: string[];
    stacks: string[];
    sources: { namespace: string; classes: string[] }[];
    addons: CatalogEntryView[];
  } | null = null;
  let error: UserError | null = null;
  try {
    // Everything here is read as the admin; RBAC, not the database, says who is in the team.
    const [clusters, quotas, groups, classes, releases, byNamespace, proxies] = await Promise.all([
      listClusters(user.identity, team.namespace),
      listClusterQuotas(user.identity),
      readTeamRoleBindings(user.identity, team.namespace),
      listClusterClasses(user.identity, team.namespace),
      listClusterStackReleases(user.identity, team.namespace),
      namesByNamespace(user.identity, "clusterClasses"),
      listCatalogProxies(team.namespace),
    ]);
    const offers = classOffers(classes, releases);
    kube = {
      clusters: clusters.map((c) => c.metadata.name),
      maxClusters: quotas.get(team.namespace)?.hard ?? null,
      groups,
      classes: offers.map((o) => o.name),
      stacks: [...new Set(offers.map((o) => o.stack).filter((s): s is string => s !== null))].sort(),
      sources: [...byNamespace]
        .filter(([ns]) => ns !== team.namespace)
        .map(([namespace, names]) => ({ namespace, classes: names }))
        .sort((a, b) => a.namespace.localeCompare(b.namespace)),
      addons: loadAddonCatalog().addons.map((d) => {
        const p = proxies.find((x) => x.metadata.labels?.[CATALOG_ID_LABEL] === d.id);
        const ready = p?.status?.conditions?.find((c) => c.type === "Ready");
        return {
          id: d.id,
          title: d.title,
          description: d.description,
          chart: `${d.chart.chartName} ${d.chart.version}`.trim(),
          proxy: p
            ? {
                version: p.spec.version ?? "",
                ready: ready
                  ? {
                      state: ready.status === "True" ? ("ready" as const) : ("notReady" as const),
                      words: ready.message || ready.reason || null,
                    }
                  : { state: "unknown" as const, words: null },
              }
            : null,
        };
      }),
    };
  } catch (err) {
    error = userErrorFrom(err, "platform");
    logger.warn(
      { event: "admin.team", team: slug, code: error.code, err: (err as Error).message },
      "team read failed",
    );
  }

  const t = await getTranslations("admin.team");
  return (
    <section className="space-y-6">
      <div>
        <p className="text-sm">
          <Link href="/admin" className="text-sky-700 underline dark:text-sky-400">
            {t("teams")}
          </Link>{" "}
          / {team.slug}
        </p>
        <h1 className="text-2xl font-semibold">{team.displayName}</h1>
        <p className="text-sm text-slate-500">
          {t("namespace")} <code className="font-mono">{team.namespace}</code> ·{" "}
          <Link
            href={`/admin/audit?team=${encodeURIComponent(team.slug)}`}
            className="text-sky-700 underline dark:text-sky-400"
          >
            {t("auditLog")}
          </Link>
        </p>
      </div>
      {error || !kube ? (
        <ErrorPanel error={error ?? userErrorFrom(new Error("unknown"))} />
      ) : (
        <>
          <QuotasForm
            team={team.slug}
            maxClusters={kube.maxClusters}
            maxWorkerNodes={team.maxWorkerNodes}
            usedClusters={kube.clusters.length}
          />
          <GroupsForm team={team.slug} groups={kube.groups} />
          <OfferedClassesForm
            team={team.slug}
            classes={kube.classes}
            stacks={kube.stacks}
            offered={offered}
          />
          <CopyClassForm team={team.slug} sources={kube.sources} />
          <TeamAddonsForm team={team.slug} entries={kube.addons} />
        </>
      )}
      <RegistryForm
        team={team.slug}
        current={
          registry
            ? {
                kind: registry.kind,
                url: registry.url,
                repositoryPrefix: registry.repositoryPrefix,
                harborProject: registry.harborProject,
                username: registry.username,
                hasSecret: registry.hasSecret,
                insecure: registry.insecure,
                tokenRealms: registry.tokenRealms,
              }
            : null
        }
      />
      <ArchivePanel team={team.slug} clusters={kube?.clusters.length ?? 0} />
    </section>
  );
}
