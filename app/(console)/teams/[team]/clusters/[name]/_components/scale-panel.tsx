"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { kaasScaleCommand } from "@/cli/commands.ts";
import { ControlPlaneField } from "@/components/clusters/control-plane-field.tsx";
import { type EditablePool, WorkerPoolList } from "@/components/clusters/worker-pool-list.tsx";
import type { WorkerPoolInput } from "@/lib/capi/cluster-manifest.ts";
import { reviewScaleAction, scaleClusterAction } from "../../_actions/change-cluster.ts";
import { ReviewAndApply, useReviewAndApply } from "./review-and-apply.tsx";

/** Scale the control plane and worker pools, add or remove pools: review the diff, then apply. */
export function ScalePanel(props: {
  team: string;
  name: string;
  base: string;
  controlPlaneReplicas: number;
  pools: WorkerPoolInput[];
  workerClasses: { name: string; description: string | null }[];
}) {
  const t = useTranslations("clusterPage.scale");
  const [cp, setCp] = useState(props.controlPlaneReplicas);
  const [pools, setPools] = useState<EditablePool[]>(props.pools.map((p) => ({ ...p, existing: true })));
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
    refused: t("refused"),
    showsFieldErrors: true,
    applied: t("applied"),
    onApplied: () => setDirty(false),
  });

  const input = {
    team: props.team,
    name: props.name,
    base,
    controlPlaneReplicas: cp,
    workers: pools.map(({ labelsText: _l, taintsText: _t, existing: _e, ...p }) => p),
  };
  const before = { controlPlaneReplicas: props.controlPlaneReplicas, workers: props.pools };

  return (
    <section
      aria-labelledby="scale-heading"
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <h2 id="scale-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <ControlPlaneField
        name="scale-cp"
        value={cp}
        onChange={(n) => {
          setDirty(true);
          // A reviewed diff no longer says what Apply would send.
          change.discard();
          setCp(n);
        }}
      />
      <WorkerPoolList
        pools={pools}
        onChange={(next) => {
          setDirty(true);
          change.discard();
          setPools(next);
        }}
        workerClasses={props.workerClasses}
        errors={change.fieldErrors}
      />
      <ReviewAndApply
        change={change}
        input={input}
        kaas={kaasScaleCommand(props.team, props.name, before, input)}
        testId="scale"
        review={t("review")}
        apply={t("apply")}
        applying={t("applying")}
      />
    </section>
  );
}
