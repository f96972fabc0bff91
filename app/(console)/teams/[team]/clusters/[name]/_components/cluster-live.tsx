"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState } from "react";
import { HealthBadge } from "@/components/clusters/health-badge.tsx";
import { PhaseBadge } from "@/components/clusters/phase-badge.tsx";
import type { LiveObject } from "@/components/live/live-connection.ts";
import { LiveIndicator } from "@/components/live/live-indicator.tsx";
import { useLiveList } from "@/components/live/use-live-list.ts";
import type { AddonOffer } from "@/lib/capi/addon-catalog.ts";
import { catalogAddonRows } from "@/lib/capi/addon-status.ts";
import { addonRows } from "@/lib/capi/addons.ts";
import { type ClusterHealth, clusterHealth, healthWithAddons } from "@/lib/capi/cluster-health.ts";
import { machineRows, objectsOfCluster, readinessOf, stackReleaseOf } from "@/lib/capi/cluster-status.ts";
import { clusterEndpoint, summarizeCluster } from "@/lib/capi/cluster-summary.ts";
import { buildTimeline, whyNotReady } from "@/lib/capi/timeline.ts";
import { groupTimeline } from "@/lib/capi/timeline-steps.ts";
import { formatRelativeTime } from "@/lib/i18n/format.ts";
import type { ClusterAddon, ClusterResourceSetBinding, HelmReleaseProxy } from "@/lib/k8s/status-types.ts";
import type { Cluster, Machine } from "@/lib/k8s/types.ts";
import { CLUSTER_PAGE_KINDS } from "@/lib/live/cluster-page.ts";
import { AddonList } from "./addon-list.tsx";
import { CatalogAddons } from "./catalog-addons.tsx";
import { MachineTable } from "./machine-table.tsx";
import { ReadinessBar } from "./readiness-bar.tsx";
import { Timeline } from "./timeline.tsx";
import { VerdictText } from "./verdict-text.tsx";

const asObject = (o: LiveObject) => o;

const sumMachines = (groups: readonly { ready: number; desired: number }[]) =>
  groups.length
    ? { ready: groups.reduce((n, g) => n + g.ready, 0), desired: groups.reduce((n, g) => n + g.desired, 0) }
    : undefined;

/** A sentence for screen readers when the cluster's health changes (never for the first state). */
function useHealthAnnouncement(name: string, health: ClusterHealth | null): string {
  const t = useTranslations("clusterPage.announce");
  const [text, setText] = useState("");
  const previous = useRef(health);
  useEffect(() => {
    if (health === previous.current) return;
    previous.current = health;
    setText(health ? t(health, { name }) : "");
  }, [name, health, t]);
  return text;
}

/**
 * Everything about one cluster that changes: summary, readiness, machines, add-ons and the
 * timeline, kept current by the live stream (no reloads, no polling). When the cluster's spec
 * changes (a scale or upgrade from any tab) the server-rendered change panels are refreshed so
 * they start from what is now true.
 */
export function ClusterLive({
  team,
  namespace,
  name,
  initialCluster,
  initialMachines,
  addonOffers,
  canWrite,
}: {
  team: string;
  namespace: string;
  name: string;
  initialCluster: Cluster;
  initialMachines: Machine[];
  /** The add-ons the team is offered (the platform's catalog in its namespace). */
  addonOffers: AddonOffer[];
  /** Whether the user may change the cluster (the API server still decides). */
  canWrite: boolean;
}) {
  const { status, data } = useLiveList({
    kinds: CLUSTER_PAGE_KINDS,
    namespaces: [namespace],
    // The server sends only this cluster's objects and Events, not the whole namespace's.
    cluster: name,
    view: "objects",
    toRow: asObject,
    initial: {
      clusters: [initialCluster as unknown as LiveObject],
      machines: initialMachines as unknown as LiveObject[],
    },
  });
  const cluster = data.clusters?.find((c) => c.metadata.name === name) as unknown as Cluster | undefined;

  const router = useRouter();
  const generation = useRef(initialCluster.metadata.generation);
  const liveGeneration = cluster?.metadata.generation;
  useEffect(() => {
    if (liveGeneration === undefined || liveGeneration === generation.current) return;
    generation.current = liveGeneration;
    router.refresh();
  }, [liveGeneration, router]);

  const view = useMemo(() => {
    if (!cluster) return null;
    const objs = objectsOfCluster(cluster, data);
    const readiness = readinessOf(objs);
    const addonsKnown = data.clusterAddons && data.helmReleaseProxies && data.clusterResourceSetBindings;
    const releases = objs.helmReleaseProxies as HelmReleaseProxy[];
    const addons = addonsKnown
      ? addonRows(
          objs.clusterAddons as ClusterAddon[],
          releases,
          objs.crsBindings as ClusterResourceSetBinding[],
        )
      : null;
    const offered = new Set(addonOffers.map((o) => o.id));
    const failedAddons = (addons ?? [])
      .filter((a) => a.state === "failed")
      .map((a) => ({ name: a.addon ?? a.name, message: a.message, since: a.updatedAt }));
    return {
      summary: summarizeCluster(cluster),
      readiness,
      machines: machineRows(objs.machines),
      // The catalog's releases show in their own rows, with their switches.
      addons: addons ? addons.filter((a) => !(a.addon && offered.has(a.addon))) : null,
      catalog: data.helmReleaseProxies ? catalogAddonRows(addonOffers, cluster, releases) : null,
      health: healthWithAddons(clusterHealth(cluster), failedAddons),
      verdict: whyNotReady(objs, readiness, addons ?? []),
      timeline: data.events
        ? groupTimeline(buildTimeline(objs), {
            deletingSince: cluster.metadata.deletionTimestamp ?? null,
            controlPlane: sumMachines(readiness.groups.filter((g) => g.role === "control-plane")),
            workers: sumMachines(readiness.groups.filter((g) => g.role === "workers")),
          })
        : null,
    };
  }, [cluster, data, addonOffers]);

  const announcement = useHealthAnnouncement(name, view?.health.health ?? null);
  const tl = useTranslations("clusterPage");
  const locale = useLocale();

  if (!cluster || !view) {
    return (
      <div className="space-y-3" data-testid="cluster-gone">
        <h1 className="text-2xl font-semibold">{name}</h1>
        <p className="rounded-md bg-slate-100 p-3 text-sm dark:bg-slate-900">
          {tl("gone")}{" "}
          <Link href={`/teams/${team}/clusters`} className="underline">
            {tl("backToClusters")}
          </Link>
        </p>
      </div>
    );
  }
  const { summary: s, readiness, verdict } = view;
  const t = cluster.spec.topology;
  const stack = stackReleaseOf(s.className);
  const endpoint = clusterEndpoint(cluster);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-2xl font-semibold">{name}</h1>
        <PhaseBadge cluster={s} testId="cluster-phase" />
        <HealthBadge
          health={view.health.health}
          testId="cluster-health"
          title={view.health.reason ?? undefined}
        />
        <span className="ml-auto">
          <LiveIndicator status={status} />
        </span>
      </div>

      {/* Read out politely when the health changes, not on every event the page receives. */}
      <p role="status" className="sr-only" data-testid="cluster-announcement">
        {announcement}
      </p>
      <p
        data-testid="cluster-verdict"
        data-ready={verdict.ready}
        className={`whitespace-pre-wrap rounded-md p-3 text-sm ${
          verdict.ready
            ? "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100"
            : "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        }`}
      >
        <VerdictText verdict={verdict} />
      </p>

      <dl className="grid gap-3 rounded-lg border border-slate-200 p-4 text-sm sm:grid-cols-3 dark:border-slate-800">
        <div>
          <dt className="text-slate-500">{tl("fields.class")}</dt>
          <dd className="font-mono" data-testid="cluster-class">
            {s.className || "–"}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">{tl("fields.stack")}</dt>
          <dd className="font-mono" data-testid="stack-release">
            {stack ? `${stack.stack} ${stack.release}` : "–"}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">{tl("fields.kubernetes")}</dt>
          <dd data-testid="cluster-version">{s.version || "–"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{tl("fields.age")}</dt>
          <dd suppressHydrationWarning>
            {s.createdAt ? formatRelativeTime(s.createdAt, Date.now(), locale) : "–"}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">{tl("fields.controlPlaneReady")}</dt>
          <dd data-testid="cp-ready">
            {s.controlPlane.ready}/{t?.controlPlane?.replicas ?? s.controlPlane.desired}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">{tl("fields.workersReady")}</dt>
          <dd data-testid="workers-ready">
            {s.workers.ready}/
            {(t?.workers?.machineDeployments ?? []).reduce((n, md) => n + (md.replicas ?? 0), 0) ||
              s.workers.desired}
          </dd>
        </div>
        <div className="sm:col-span-3">
          <dt className="text-slate-500">{tl("fields.endpoint")}</dt>
          <dd className="font-mono" data-testid="cluster-endpoint">
            {endpoint ?? tl("fields.noEndpoint")}
          </dd>
        </div>
      </dl>

      <ReadinessBar readiness={readiness} />
      <MachineTable rows={view.machines} />
      {view.catalog ? (
        <CatalogAddons
          team={team}
          cluster={name}
          rows={view.catalog}
          canWrite={canWrite && !cluster.metadata.deletionTimestamp}
        />
      ) : null}
      <AddonList rows={view.addons} />
      <Timeline steps={view.timeline} />
    </div>
  );
}
