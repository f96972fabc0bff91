"use client";

import { useEffect, useState } from "react";
import { WorkerPoolEditor } from "@/components/clusters/worker-pool-editor.tsx";
import type { WorkerPoolInput } from "@/lib/capi/cluster-manifest.ts";
import { reviewScaleAction, scaleClusterAction } from "../../_actions/change-cluster.ts";
import { ReviewAndApply, useReviewAndApply } from "./review-and-apply.tsx";

type Pool = WorkerPoolInput & { labelsText?: string; taintsText?: string; existing?: boolean };

/** Scale the control plane and worker pools, add or remove pools: review the diff, then apply. */
export function ScalePanel(props: {
  team: string;
  name: string;
  base: string;
  controlPlaneReplicas: number;
  pools: WorkerPoolInput[];
  workerClasses: { name: string; description: string | null }[];
}) {
  const [cp, setCp] = useState(props.controlPlaneReplicas);
  const [pools, setPools] = useState<Pool[]>(props.pools.map((p) => ({ ...p, existing: true })));
  // The topology fingerprint the user's edits are based on. The page refreshes while the cluster
  // changes; without edits the form follows, with edits it keeps its base so a change someone
  // else made meanwhile is reported instead of overwritten.
  const [base, setBase] = useState(props.base);
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (dirty || props.base === base) return;
    setBase(props.base);
    setCp(props.controlPlaneReplicas);
    setPools(props.pools.map((p) => ({ ...p, existing: true })));
  }, [dirty, base, props.base, props.controlPlaneReplicas, props.pools]);

  const change = useReviewAndApply({
    review: reviewScaleAction,
    apply: scaleClusterAction,
    refused: "Some fields need your attention.",
    showsFieldErrors: true,
    applied: "Applied. Cluster API is reconciling the change.",
    onApplied: () => setDirty(false),
  });
  const errors = change.fieldErrors;

  return (
    <section
      aria-labelledby="scale-heading"
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <h2 id="scale-heading" className="text-lg font-semibold">
        Scale
      </h2>
      <fieldset>
        <legend className="text-sm font-medium">Control plane nodes</legend>
        <div className="flex gap-4">
          {[1, 3, 5].map((n) => (
            <label key={n} className="flex items-center gap-1 text-sm">
              <input
                type="radio"
                name="scale-cp"
                checked={cp === n}
                onChange={() => {
                  setDirty(true);
                  setCp(n);
                }}
              />
              {n}
            </label>
          ))}
        </div>
      </fieldset>
      {errors.workers ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {errors.workers}
        </p>
      ) : null}
      {pools.map((p, i) => (
        <WorkerPoolEditor
          // biome-ignore lint/suspicious/noArrayIndexKey: positional list edited in place
          key={i}
          index={i}
          pool={p}
          locked={p.existing}
          workerClasses={props.workerClasses}
          errors={errors}
          onChange={(next) => {
            setDirty(true);
            change.discard();
            setPools((ps) => ps.map((old, j) => (j === i ? { ...next, existing: old.existing } : old)));
          }}
          onRemove={() => {
            setDirty(true);
            change.discard();
            setPools((ps) => ps.filter((_, j) => j !== i));
          }}
        />
      ))}
      <button
        type="button"
        className="text-sm text-sky-700 underline dark:text-sky-400"
        onClick={() => {
          setDirty(true);
          setPools((ps) => [
            ...ps,
            {
              name: `md-${ps.length}`,
              class: props.workerClasses[0]?.name ?? "",
              replicas: 1,
              autoscaling: null,
              labels: {},
              taints: [],
            },
          ]);
        }}
      >
        Add worker pool
      </button>
      <ReviewAndApply
        change={change}
        input={{
          team: props.team,
          name: props.name,
          base,
          controlPlaneReplicas: cp,
          workers: pools.map(({ labelsText: _l, taintsText: _t, existing: _e, ...p }) => p),
        }}
        testId="scale"
        review="Review change"
        apply="Apply change"
        applying="Applying…"
      />
    </section>
  );
}
