import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { addonOffersFor } from "@/lib/addons/catalog.ts";
import { upgradeTargets } from "@/lib/capi/class-catalog.ts";
import { poolsOf } from "@/lib/capi/cluster-manifest.ts";
import { clusterEndpoint } from "@/lib/capi/cluster-summary.ts";
import { allowedKubeconfigIssuers, issuerAllowed, oidcSettingsOf } from "@/lib/capi/kubeconfig.ts";
import { topologyFingerprint } from "@/lib/capi/topology-fingerprint.ts";
import { offersFor } from "@/lib/clusters/offers.ts";
import { userErrorFrom } from "@/lib/errors.ts";
import { getCluster, listMachines } from "@/lib/k8s/clusters.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import { mayGetSecret } from "@/lib/k8s/secrets.ts";
import type { Cluster, Machine } from "@/lib/k8s/types.ts";
import { requireTeam } from "@/lib/teams/membership.ts";
import { ClusterLive } from "./_components/cluster-live.tsx";
import { DeletePanel } from "./_components/delete-panel.tsx";
import { KubeconfigPanel } from "./_components/kubeconfig-panel.tsx";
import { ScalePanel } from "./_components/scale-panel.tsx";
import { UpgradePanel } from "./_components/upgrade-panel.tsx";

type Params = { params: Promise<{ team: string; name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: (await params).name };
}

/**
 * One cluster. The first render reads the Cluster and its Machines as the user; from then on the
 * status parts follow the live stream. The change panels are server-rendered from the spec and
 * refreshed by the live view when the spec changes.
 */
export default async function ClusterPage({ params }: Params) {
  const { team: slug, name } = await params;
  const { user, team } = await requireTeam(slug);
  let cluster: Cluster;
  let machines: Machine[] = [];
  try {
    [cluster, machines] = await Promise.all([
      getCluster(user.identity, team.namespace, name),
      listMachines(user.identity, team.namespace, name),
    ]);
  } catch (err) {
    if (err instanceof KubeError && err.status === 404) notFound();
    return <ErrorPanel error={userErrorFrom(err)} />;
  }
  const t = cluster.spec.topology;
  const [offers, mayDownloadAdmin, addonOffers] = await Promise.all([
    offersFor(user, team).catch(() => []),
    // Only a question to the API server: the secret itself is read by the download route.
    mayGetSecret(user.identity, team.namespace, `${name}-kubeconfig`).catch(() => false),
    // The team (found among the user's memberships) decides which catalog is read.
    addonOffersFor(team.namespace).catch(() => []),
  ]);
  const targets = t ? upgradeTargets(offers, t.classRef.name, t.version) : [];
  const canWrite = team.role !== "viewer";
  const deleting = !!cluster.metadata.deletionTimestamp;
  const oidc = oidcSettingsOf(cluster);

  const tr = await getTranslations("clusterPage");
  return (
    <section className="space-y-6">
      <nav aria-label={tr("breadcrumb")} className="text-sm text-slate-500">
        <Link href={`/teams/${team.slug}/clusters`} className="underline">
          {tr("clusters")}
        </Link>{" "}
        / {name}
      </nav>
      <ClusterLive
        team={team.slug}
        namespace={team.namespace}
        name={name}
        initialCluster={cluster}
        initialMachines={machines}
        addonOffers={addonOffers}
        canWrite={team.role !== "viewer"}
      />
      <KubeconfigPanel
        team={team.slug}
        name={name}
        oidc={oidc}
        issuerAllowed={oidc !== null && issuerAllowed(oidc.issuerUrl, allowedKubeconfigIssuers())}
        hasEndpoint={clusterEndpoint(cluster) !== null}
        mayDownloadAdmin={mayDownloadAdmin}
      />
      {canWrite && t && !deleting ? (
        <>
          <ScalePanel
            team={team.slug}
            name={name}
            base={topologyFingerprint(t)}
            controlPlaneReplicas={t.controlPlane?.replicas ?? 1}
            pools={poolsOf(cluster)}
            workerClasses={offers.find((o) => o.name === t.classRef.name)?.workerClasses ?? []}
          />
          <UpgradePanel
            team={team.slug}
            name={name}
            base={topologyFingerprint(t)}
            current={`${t.classRef.name} · ${t.version}`}
            targets={targets}
          />
          <DeletePanel team={team.slug} name={name} namespace={team.namespace} />
        </>
      ) : null}
      {!canWrite ? <p className="text-sm text-slate-500">{tr("viewerOnly")}</p> : null}
    </section>
  );
}
