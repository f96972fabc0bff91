"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { DiffView } from "@/components/clusters/diff-view.tsx";
import { WorkerPoolEditor } from "@/components/clusters/worker-pool-editor.tsx";
import type { WorkerPoolInput } from "@/lib/capi/cluster-manifest.ts";
import type { DiffLine } from "@/lib/diff.ts";
import { reviewScaleAction, scaleClusterAction } from "../../_actions/change-cluster.ts";

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
  const router = useRouter();
  const [cp, setCp] = useState(props.controlPlaneReplicas);
  const [pools, setPools] = useState<Pool[]>(props.pools.map((p) => ({ ...p, existing: true })));
  const [diff, setDiff] = useState<DiffLine[] | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, start] = useTransition();
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

  const input = () => ({
    team: props.team,
    name: props.name,
    base,
    controlPlaneReplicas: cp,
    workers: pools.map(({ labelsText: _l, taintsText: _t, existing: _e, ...p }) => p),
  });

  const run = (apply: boolean) =>
    start(async () => {
      setDone(null);
      const res = apply ? await scaleClusterAction(input()) : await reviewScaleAction(input());
      if (res.ok) {
        setErrors({});
        setFormError(null);
        if (apply) {
          setDiff(null);
          setDirty(false);
          setDone("Applied. Cluster API is reconciling the change.");
          router.refresh();
        } else {
          setDiff(res.data.diff);
        }
      } else {
        setDiff(null);
        setErrors(res.fieldErrors);
        setFormError(res.formError ?? "Some fields need your attention.");
      }
    });

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
            setDiff(null);
            setPools((ps) => ps.map((old, j) => (j === i ? { ...next, existing: old.existing } : old)));
          }}
          onRemove={() => {
            setDirty(true);
            setDiff(null);
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
      {formError ? (
        <p role="alert" data-testid="scale-error" className="text-sm text-red-700 dark:text-red-400">
          {formError}
        </p>
      ) : null}
      {done ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {done}
        </p>
      ) : null}
      {diff ? <DiffView diff={diff} /> : null}
      <div className="flex gap-3">
        <button
          type="button"
          disabled={pending}
          onClick={() => run(false)}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
        >
          Review change
        </button>
        {diff ? (
          <button
            type="button"
            disabled={pending}
            onClick={() => run(true)}
            className="rounded-md bg-sky-600 px-3 py-1.5 text-sm text-white"
          >
            {pending ? "Applying…" : "Apply change"}
          </button>
        ) : null}
      </div>
    </section>
  );
}
