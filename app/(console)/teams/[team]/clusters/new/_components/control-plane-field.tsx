"use client";

import type { CreateClusterFormState } from "./use-create-cluster-form.ts";

/** How many control plane nodes: odd counts only, so etcd keeps its quorum. */
export function ControlPlaneField({ form }: { form: CreateClusterFormState }) {
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium">Control plane nodes</legend>
      <div className="flex gap-4" role="radiogroup" aria-label="Control plane nodes">
        {[1, 3, 5].map((n) => (
          <label key={n} className="flex items-center gap-1 text-sm">
            <input
              type="radio"
              name="controlPlaneReplicas"
              value={n}
              checked={form.controlPlaneReplicas === n}
              onChange={() => form.setControlPlaneReplicas(n)}
            />
            {n}
          </label>
        ))}
      </div>
      <p className="text-xs text-slate-500">
        Odd counts keep etcd's quorum: 3 survive one node failure, 5 survive two. 1 is fine for trying things
        out.
      </p>
      {form.errors.controlPlaneReplicas ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {form.errors.controlPlaneReplicas}
        </p>
      ) : null}
    </fieldset>
  );
}
