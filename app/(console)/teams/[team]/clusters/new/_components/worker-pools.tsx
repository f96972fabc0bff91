"use client";

import { useTranslations } from "next-intl";
import { WorkerPoolList } from "@/components/clusters/worker-pool-list.tsx";
import { workerNodes } from "@/lib/capi/cluster-manifest.ts";
import type { CreateClusterFormState } from "./use-create-cluster-form.ts";

/** The worker pools (one to ten), with the worker nodes they request against the team's node quota. */
export function WorkerPools({
  form,
  nodeQuota,
}: {
  form: CreateClusterFormState;
  nodeQuota: { limit: number | null; used: number };
}) {
  const { workers } = form;
  const t = useTranslations("newCluster");
  const requested = workerNodes(
    workers.map((w) => ({ replicas: Number.isNaN(w.replicas) ? 0 : w.replicas, autoscaling: w.autoscaling })),
  );
  return (
    <section className="space-y-3">
      <h2 className="text-lg font-semibold">{t("pools")}</h2>
      <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="node-quota">
        {nodeQuota.limit === null
          ? t("nodesNoQuota", { requested })
          : t("nodesQuota", { requested, used: nodeQuota.used, limit: nodeQuota.limit })}
      </p>
      <WorkerPoolList
        pools={workers}
        onChange={form.setWorkers}
        workerClasses={form.offer?.workerClasses ?? []}
        errors={form.errors}
        keepOne
      />
    </section>
  );
}
