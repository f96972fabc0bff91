"use client";

import { WorkerPoolEditor } from "@/components/clusters/worker-pool-editor.tsx";
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
  const { workers, setWorkers, errors } = form;
  const requested = workerNodes(
    workers.map((w) => ({ replicas: Number.isNaN(w.replicas) ? 0 : w.replicas, autoscaling: w.autoscaling })),
  );
  return (
    <section className="space-y-3">
      <h2 className="text-lg font-semibold">Worker pools</h2>
      <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="node-quota">
        {nodeQuota.limit === null
          ? `${requested} worker node(s) requested; your team has no node quota.`
          : `${requested} worker node(s) requested; your team uses ${nodeQuota.used} of ${nodeQuota.limit}.`}
      </p>
      {errors.workers ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {errors.workers}
        </p>
      ) : null}
      {workers.map((w, i) => (
        <WorkerPoolEditor
          // Pools are edited in place; their position is their identity in this form.
          // biome-ignore lint/suspicious/noArrayIndexKey: positional list edited in place
          key={i}
          index={i}
          pool={w}
          workerClasses={form.offer?.workerClasses ?? []}
          errors={errors}
          onChange={(p) => setWorkers((ws) => ws.map((old, j) => (j === i ? p : old)))}
          onRemove={workers.length > 1 ? () => setWorkers((ws) => ws.filter((_, j) => j !== i)) : undefined}
        />
      ))}
      <button
        type="button"
        className="text-sm text-sky-700 underline dark:text-sky-400"
        onClick={form.addPool}
        disabled={workers.length >= 10}
      >
        Add worker pool
      </button>
    </section>
  );
}
