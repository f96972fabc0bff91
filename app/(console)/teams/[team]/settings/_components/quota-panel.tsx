import { useTranslations } from "next-intl";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import type { UserError } from "@/lib/errors.ts";
import type { ClusterQuota } from "@/lib/teams/quotas.ts";

function Meter({ used, limit, testId }: { used: number; limit: number; testId: string }) {
  const full = used >= limit;
  const t = useTranslations("quota");
  return (
    <div className="space-y-1">
      <p className="text-2xl font-semibold tabular-nums" data-testid={testId}>
        {used} / {limit}
      </p>
      {/* A native element: the strict CSP allows no inline style for a bar width. */}
      <progress
        value={Math.min(used, limit)}
        max={Math.max(limit, 1)}
        aria-label={t("used", { used, limit })}
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
  const t = useTranslations("quota");
  const code = (chunks: React.ReactNode) => <code>{chunks}</code>;
  return (
    <section aria-labelledby="quota-heading" className="space-y-3">
      <h2 id="quota-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <div className="grid gap-4 md:grid-cols-2">
        <div className="space-y-2 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <h3 className="font-medium">{t("clusters")}</h3>
          {clustersError ? (
            <ErrorPanel error={clustersError} />
          ) : clusters ? (
            <Meter used={clusters.used ?? 0} limit={clusters.hard} testId="cluster-quota" />
          ) : (
            <p data-testid="cluster-quota">{t("noClusterQuota")}</p>
          )}
          <p className="text-xs text-slate-500">{t.rich("clustersHelp", { code })}</p>
        </div>
        <div className="space-y-2 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <h3 className="font-medium">{t("nodes")}</h3>
          {nodesError ? (
            <ErrorPanel error={nodesError} />
          ) : nodes && nodes.limit !== null ? (
            <Meter used={nodes.used} limit={nodes.limit} testId="node-quota" />
          ) : (
            <p data-testid="node-quota">{t("noNodeQuota", { used: nodes?.used ?? 0 })}</p>
          )}
          <p className="text-xs text-slate-500">{t("nodesHelp")}</p>
        </div>
      </div>
    </section>
  );
}
