"use client";

import { useState } from "react";
import { inputClass } from "@/components/ui/field.tsx";
import type { UpgradeTarget } from "@/lib/capi/class-catalog.ts";
import { reviewUpgradeAction, upgradeClusterAction } from "../../_actions/change-cluster.ts";
import { ReviewAndApply, useReviewAndApply } from "./review-and-apply.tsx";

/** Upgrade to a newer Kubernetes version or stack release, one minor at a time. */
export function UpgradePanel(props: {
  team: string;
  name: string;
  base: string;
  current: string;
  targets: UpgradeTarget[];
}) {
  const [choice, setChoice] = useState(0);
  const change = useReviewAndApply({
    review: reviewUpgradeAction,
    apply: upgradeClusterAction,
    refused: "The upgrade was refused.",
  });
  const target = props.targets[choice];

  return (
    <section
      aria-labelledby="upgrade-heading"
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <h2 id="upgrade-heading" className="text-lg font-semibold">
        Upgrade
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-300">Current: {props.current}</p>
      {!target ? (
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
              change.discard();
            }}
          >
            {props.targets.map((t, i) => (
              <option key={`${t.className}/${t.version}`} value={i}>
                {t.label}
              </option>
            ))}
          </select>
          <ReviewAndApply
            change={change}
            input={{
              team: props.team,
              name: props.name,
              base: props.base,
              className: target.className,
              version: target.version,
            }}
            testId="upgrade"
            review="Review upgrade"
            apply={`Upgrade to ${target.version}`}
            applying="Upgrading…"
          />
          <p className="text-xs text-slate-500">
            Machines are replaced one by one; the cluster stays available while they roll.
          </p>
        </>
      )}
    </section>
  );
}
