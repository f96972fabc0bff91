"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { FormPanel } from "@/components/forms/form-panel.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { Field, inputClass } from "@/components/ui/field.tsx";
import { setTeamQuotasAction } from "../_actions/team-settings.ts";

/** The team's cluster quota (enforced by Kubernetes) and node quota (checked by the console). */
export function QuotasForm({
  team,
  maxClusters,
  maxWorkerNodes,
  usedClusters,
}: {
  team: string;
  maxClusters: number | null;
  maxWorkerNodes: number | null;
  usedClusters: number;
}) {
  const t = useTranslations("admin.quotas");
  const [v, setV] = useState({
    maxClusters: maxClusters?.toString() ?? "",
    maxWorkerNodes: maxWorkerNodes?.toString() ?? "",
  });
  const form = useActionForm({
    schema: () => import("@/lib/validation/admin.ts").then((m) => m.teamQuotasInput),
    action: setTeamQuotasAction,
    success: () => t("saved"),
  });
  return (
    <FormPanel
      id="quotas"
      title={t("title")}
      form={form}
      onSubmit={() => form.submit({ team, ...v })}
      action={t("save")}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          id="quota-clusters"
          label={t("clusters")}
          help={t("clustersHelp", { count: usedClusters })}
          error={form.fieldErrors.maxClusters}
        >
          <input
            id="quota-clusters"
            type="number"
            min={0}
            className={inputClass}
            value={v.maxClusters}
            onChange={(e) => setV({ ...v, maxClusters: e.target.value })}
            aria-describedby="quota-clusters-help"
          />
        </Field>
        <Field
          id="quota-nodes"
          label={t("nodes")}
          help={t("noLimit")}
          error={form.fieldErrors.maxWorkerNodes}
        >
          <input
            id="quota-nodes"
            type="number"
            min={0}
            className={inputClass}
            value={v.maxWorkerNodes}
            onChange={(e) => setV({ ...v, maxWorkerNodes: e.target.value })}
            aria-describedby="quota-nodes-help"
          />
        </Field>
      </div>
    </FormPanel>
  );
}
