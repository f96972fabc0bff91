"use client";

import { useTranslations } from "next-intl";
import { WorkerPoolEditor } from "@/components/clusters/worker-pool-editor.tsx";
import type { WorkerPoolInput } from "@/lib/capi/cluster-manifest.ts";

/** A pool as its editor holds it: with the label and taint text as typed; `existing` locks it. */
export type EditablePool = WorkerPoolInput & { labelsText?: string; taintsText?: string; existing?: boolean };

/** The pool "Add worker pool" adds: one node of the class's first worker class. */
export function newPool(index: number, workerClasses: { name: string }[]): EditablePool {
  return {
    name: `md-${index}`,
    class: workerClasses[0]?.name ?? "",
    replicas: 1,
    autoscaling: null,
    labels: {},
    taints: [],
  };
}

/** Worker pools edited in place (up to ten, as the actions allow): their errors, editors and "Add". */
export function WorkerPoolList({
  pools,
  onChange,
  workerClasses,
  errors,
  keepOne = false,
}: {
  pools: EditablePool[];
  onChange: (pools: EditablePool[]) => void;
  workerClasses: { name: string; description: string | null }[];
  errors: Record<string, string>;
  /** A cluster being created needs a pool; an existing one may scale to none. */
  keepOne?: boolean;
}) {
  const t = useTranslations("clusterForm.pool");
  return (
    <>
      {errors.workers ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {errors.workers}
        </p>
      ) : null}
      {pools.map((p, i) => (
        <WorkerPoolEditor
          // Pools are edited in place; their position is their identity in the form.
          // biome-ignore lint/suspicious/noArrayIndexKey: positional list edited in place
          key={i}
          index={i}
          pool={p}
          locked={p.existing}
          workerClasses={workerClasses}
          errors={errors}
          onChange={(next) =>
            onChange(pools.map((old, j) => (j === i ? { ...next, existing: old.existing } : old)))
          }
          onRemove={
            !keepOne || pools.length > 1 ? () => onChange(pools.filter((_, j) => j !== i)) : undefined
          }
        />
      ))}
      <button
        type="button"
        className="text-sm text-sky-700 underline dark:text-sky-400"
        onClick={() => onChange([...pools, newPool(pools.length, workerClasses)])}
        disabled={pools.length >= 10}
      >
        {t("add")}
      </button>
    </>
  );
}
