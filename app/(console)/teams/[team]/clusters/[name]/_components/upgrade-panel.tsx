"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { DiffView } from "@/components/clusters/diff-view.tsx";
import { inputClass } from "@/components/ui/field.tsx";
import type { UpgradeTarget } from "@/lib/capi/class-catalog.ts";
import type { DiffLine } from "@/lib/diff.ts";
import { reviewUpgradeAction, upgradeClusterAction } from "../../_actions/change-cluster.ts";

/** Upgrade to a newer Kubernetes version or stack release, one minor at a time. */
export function UpgradePanel(props: {
  team: string;
  name: string;
  base: string;
  current: string;
  targets: UpgradeTarget[];
}) {
  const router = useRouter();
  const [choice, setChoice] = useState(0);
  const [diff, setDiff] = useState<DiffLine[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const target = props.targets[choice];

  const run = (apply: boolean) =>
    start(async () => {
      if (!target) return;
      const input = {
        team: props.team,
        name: props.name,
        base: props.base,
        className: target.className,
        version: target.version,
      };
      const res = apply ? await upgradeClusterAction(input) : await reviewUpgradeAction(input);
      if (!res.ok) {
        setDiff(null);
        setError(res.formError ?? Object.values(res.fieldErrors)[0] ?? "The upgrade was refused.");
        return;
      }
      setError(null);
      if (apply) {
        setDiff(null);
        router.refresh();
      } else setDiff(res.data.diff);
    });

  return (
    <section
      aria-labelledby="upgrade-heading"
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <h2 id="upgrade-heading" className="text-lg font-semibold">
        Upgrade
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-300">Current: {props.current}</p>
      {props.targets.length === 0 ? (
        <p className="text-sm text-slate-500">No newer version is offered for this cluster's class.</p>
      ) : (
        <>
          <label className="block text-sm font-medium" htmlFor="upgrade-target">
            Upgrade to
          </label>
          <select
            id="upgrade-target"
            className={inputClass}
            value={choice}
            onChange={(e) => {
              setChoice(Number(e.target.value));
              setDiff(null);
            }}
          >
            {props.targets.map((t, i) => (
              <option key={`${t.className}/${t.version}`} value={i}>
                {t.label}
              </option>
            ))}
          </select>
          {error ? (
            <p role="alert" className="text-sm text-red-700 dark:text-red-400">
              {error}
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
              Review upgrade
            </button>
            {diff ? (
              <button
                type="button"
                disabled={pending}
                onClick={() => run(true)}
                className="rounded-md bg-sky-600 px-3 py-1.5 text-sm text-white"
              >
                {pending ? "Upgrading…" : `Upgrade to ${target?.version}`}
              </button>
            ) : null}
          </div>
          <p className="text-xs text-slate-500">
            Machines are replaced one by one; the cluster stays available while they roll.
          </p>
        </>
      )}
    </section>
  );
}
