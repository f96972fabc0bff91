import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import type { UserError } from "@/lib/errors.ts";
import type { ClusterQuota } from "@/lib/teams/quotas.ts";

function Meter({ used, limit, testId }: { used: number; limit: number; testId: string }) {
  const full = used >= limit;
  return (
    <div className="space-y-1">
      <p className="text-2xl font-semibold tabular-nums" data-testid={testId}>
        {used} / {limit}
      </p>
      {/* A native element: the strict CSP allows no inline style for a bar width. */}
      <progress
        value={Math.min(used, limit)}
        max={Math.max(limit, 1)}
        aria-label={`${used} of ${limit} used`}
        className={`h-2 w-full appearance-none overflow-hidden rounded bg-slate-200 dark:bg-slate-800 [&::-webkit-progress-bar]:bg-slate-200 dark:[&::-webkit-progress-bar]:bg-slate-800 ${
          full
            ? "[&::-moz-progress-bar]:bg-red-600 [&::-webkit-progress-value]:bg-red-600"
            : "[&::-moz-progress-bar]:bg-sky-600 [&::-webkit-progress-value]:bg-sky-600"
        }`}
      />
    </div>
  );
}

/** The team's cluster quota (its ResourceQuota) and node quota (the team's limit), with what counts. */
export function QuotaPanel({
  clusters,
  clustersError,
  nodes,
  nodesError,
}: {
  clusters: ClusterQuota;
  clustersError: UserError | null;
  nodes: { used: number; limit: number | null } | null;
  nodesError: UserError | null;
}) {
  return (
    <section aria-labelledby="quota-heading" className="space-y-3">
      <h2 id="quota-heading" className="text-lg font-semibold">
        Quotas
      </h2>
      <div className="grid gap-4 md:grid-cols-2">
        <div className="space-y-2 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <h3 className="font-medium">Clusters</h3>
          {clustersError ? (
            <ErrorPanel error={clustersError} />
          ) : clusters ? (
            <Meter used={clusters.used ?? 0} limit={clusters.hard} testId="cluster-quota" />
          ) : (
            <p data-testid="cluster-quota">No cluster quota: unlimited.</p>
          )}
          <p className="text-xs text-slate-500">
            Every Cluster object in the team namespace counts, including ones still being created or deleted.
            The management cluster refuses a create beyond the quota (ResourceQuota <code>kaas-clusters</code>
            ).
          </p>
        </div>
        <div className="space-y-2 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <h3 className="font-medium">Worker nodes</h3>
          {nodesError ? (
            <ErrorPanel error={nodesError} />
          ) : nodes && nodes.limit !== null ? (
            <Meter used={nodes.used} limit={nodes.limit} testId="node-quota" />
          ) : (
            <p data-testid="node-quota">{nodes?.used ?? 0} in use · no node quota: unlimited.</p>
          )}
          <p className="text-xs text-slate-500">
            Worker nodes of all the team&apos;s clusters; an autoscaled pool counts at its maximum. Control
            plane nodes do not count. The console refuses a create or scale beyond the limit, which a platform
            admin sets.
          </p>
        </div>
      </div>
    </section>
  );
}
