import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { upgradeTargets } from "@/lib/capi/class-catalog.ts";
import { poolsOf } from "@/lib/capi/cluster-manifest.ts";
import { summarizeCluster } from "@/lib/capi/cluster-summary.ts";
import { topologyFingerprint } from "@/lib/capi/topology-fingerprint.ts";
import { offersFor } from "@/lib/clusters/operations.ts";
import { userErrorFrom } from "@/lib/errors.ts";
import { formatAge } from "@/lib/format.ts";
import { getCluster, listMachines } from "@/lib/k8s/clusters.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import type { Cluster, Condition, Machine } from "@/lib/k8s/types.ts";
import { requireTeam } from "@/lib/teams.ts";
import { AutoRefresh } from "./_components/auto-refresh.tsx";
import { DeletePanel } from "./_components/delete-panel.tsx";
import { ScalePanel } from "./_components/scale-panel.tsx";
import { UpgradePanel } from "./_components/upgrade-panel.tsx";

type Params = { params: Promise<{ team: string; name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: (await params).name };
}

function conditionsOf(c: Cluster): Condition[] {
  return c.status?.conditions ?? c.status?.deprecated?.v1beta1?.conditions ?? [];
}

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
  const s = summarizeCluster(cluster);
  const t = cluster.spec.topology;
  const offers = await offersFor(user, team).catch(() => []);
  const targets = t ? upgradeTargets(offers, t.classRef.name, t.version) : [];
  const canWrite = team.role !== "viewer";
  // Keep refreshing while anything still moves: a rollout has not always started when the
  // upgrade is accepted, so machines must all run the desired version too.
  const moving = conditionsOf(cluster).some(
    (c) => ["RollingOut", "ScalingUp", "ScalingDown", "Remediating"].includes(c.type) && c.status === "True",
  );
  const wanted =
    (t?.controlPlane?.replicas ?? 0) +
    (t?.workers?.machineDeployments ?? []).reduce((n, md) => n + (md.replicas ?? 0), 0);
  const observed = (cluster.status as { observedGeneration?: number } | undefined)?.observedGeneration;
  const settled =
    s.phase === "Provisioned" &&
    !moving &&
    observed === cluster.metadata.generation &&
    machines.length === wanted &&
    machines.every((m) => m.status?.phase === "Running" && m.spec.version === t?.version);
  const endpoint = cluster.spec.controlPlaneEndpoint?.host
    ? `https://${cluster.spec.controlPlaneEndpoint.host}:${cluster.spec.controlPlaneEndpoint.port ?? 6443}`
    : null;

  return (
    <section className="space-y-6">
      <AutoRefresh active={!settled} />
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href={`/teams/${team.slug}/clusters`} className="underline">
          Clusters
        </Link>{" "}
        / {name}
      </nav>
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-2xl font-semibold">{name}</h1>
        <span
          data-testid="cluster-phase"
          className="rounded-full bg-slate-200 px-2 py-0.5 text-xs dark:bg-slate-800"
        >
          {s.phase}
        </span>
      </div>
      <dl className="grid gap-3 rounded-lg border border-slate-200 p-4 text-sm sm:grid-cols-3 dark:border-slate-800">
        <div>
          <dt className="text-slate-500">Cluster class</dt>
          <dd className="font-mono" data-testid="cluster-class">
            {s.className}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Kubernetes</dt>
          <dd data-testid="cluster-version">{s.version}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Age</dt>
          <dd>{s.createdAt ? formatAge(s.createdAt) : "–"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Control plane ready</dt>
          <dd data-testid="cp-ready">
            {s.controlPlane.ready}/{s.controlPlane.desired}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Workers ready</dt>
          <dd data-testid="workers-ready">
            {s.workers.ready}/{s.workers.desired}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">API endpoint</dt>
          <dd className="font-mono">{endpoint ?? "not yet assigned"}</dd>
        </div>
      </dl>

      {s.problem ? (
        <p
          role="status"
          className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          Not available yet: {s.problem}
        </p>
      ) : null}

      <section aria-labelledby="machines-heading">
        <h2 id="machines-heading" className="mb-2 text-lg font-semibold">
          Machines ({machines.filter((m) => m.status?.phase === "Running").length} running of{" "}
          {machines.length})
        </h2>
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="w-full text-left text-sm" data-testid="machine-table">
            <thead className="bg-slate-100 dark:bg-slate-900">
              <tr>
                <th className="px-3 py-2">Name</th>
                <th className="px-3 py-2">Phase</th>
                <th className="px-3 py-2">Node</th>
                <th className="px-3 py-2">Version</th>
                <th className="px-3 py-2">Age</th>
              </tr>
            </thead>
            <tbody>
              {machines
                .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
                .map((m) => (
                  <tr
                    key={m.metadata.uid ?? m.metadata.name}
                    data-testid="machine-row"
                    data-phase={m.status?.phase ?? "Pending"}
                    className="border-t border-slate-200 dark:border-slate-800"
                  >
                    <td className="px-3 py-2 font-mono text-xs">{m.metadata.name}</td>
                    <td className="px-3 py-2">{m.status?.phase ?? "Pending"}</td>
                    <td className="px-3 py-2 font-mono text-xs">{m.status?.nodeRef?.name ?? "–"}</td>
                    <td className="px-3 py-2">{m.spec.version ?? "–"}</td>
                    <td className="px-3 py-2 text-slate-500">
                      {m.metadata.creationTimestamp ? formatAge(m.metadata.creationTimestamp) : "–"}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
          {machines.length === 0 ? <p className="p-3 text-sm text-slate-500">No machines yet.</p> : null}
        </div>
      </section>

      <section aria-labelledby="conditions-heading">
        <h2 id="conditions-heading" className="mb-2 text-lg font-semibold">
          Conditions
        </h2>
        <ul className="space-y-1 text-sm">
          {conditionsOf(cluster).map((c) => (
            <li key={c.type} className="flex gap-2">
              <span
                className={
                  c.status === "True"
                    ? "text-emerald-700 dark:text-emerald-400"
                    : "text-amber-700 dark:text-amber-400"
                }
              >
                {c.status === "True" ? "✓" : "•"}
              </span>
              <span className="font-medium">{c.type}</span>
              {c.reason ? <span className="text-slate-500">{c.reason}</span> : null}
              {c.message ? (
                <span className="whitespace-pre-wrap text-slate-600 dark:text-slate-300">{c.message}</span>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      {canWrite && t && !s.deleting ? (
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
          <DeletePanel team={team.slug} name={name} />
        </>
      ) : null}
      {!canWrite ? (
        <p className="text-sm text-slate-500">
          You are a viewer in this team: changes are not available to you.
        </p>
      ) : null}
    </section>
  );
}
