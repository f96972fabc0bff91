"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { kaasUpgradeCommand } from "@/cli/commands.ts";
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
  const t = useTranslations("clusterPage.upgrade");
  const [choice, setChoice] = useState(0);
  const change = useReviewAndApply({
    review: reviewUpgradeAction,
    apply: upgradeClusterAction,
    refused: t("refused"),
  });
  const target = props.targets[choice];

  return (
    <section
      aria-labelledby="upgrade-heading"
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <h2 id="upgrade-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-300">{t("current", { current: props.current })}</p>
      {!target ? (
        <p className="text-sm text-slate-500">{t("none")}</p>
      ) : (
        <>
          <label className="block text-sm font-medium" htmlFor="upgrade-target">
            {t("to")}
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
            {props.targets.map((target, i) => (
              <option key={`${target.className}/${target.version}`} value={i}>
                {!target.via
                  ? target.version
                  : "stack" in target.via
                    ? t("targetStack", { version: target.version, ...target.via })
                    : t("targetClass", { version: target.version, className: target.via.className })}
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
            review={t("review")}
            apply={t("apply", { version: target.version })}
            applying={t("applying")}
            kaas={kaasUpgradeCommand(props.team, props.name, target)}
          />
          <p className="text-xs text-slate-500">{t("note")}</p>
        </>
      )}
    </section>
  );
}
