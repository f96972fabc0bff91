"use client";

import { useState } from "react";
import { FormStatus, panelClass, primaryButton } from "@/components/forms/form-status.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { Field, inputClass } from "@/components/ui/field.tsx";
import { teamQuotasInput } from "@/lib/validation/admin.ts";
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
  const [v, setV] = useState({
    maxClusters: maxClusters?.toString() ?? "",
    maxWorkerNodes: maxWorkerNodes?.toString() ?? "",
  });
  const form = useActionForm({
    schema: teamQuotasInput,
    action: setTeamQuotasAction,
    success: () => "Quotas saved.",
  });
  return (
    <form
      aria-labelledby="quotas-heading"
      className={panelClass}
      onSubmit={(e) => {
        e.preventDefault();
        form.submit({ team, ...v });
      }}
    >
      <h2 id="quotas-heading" className="text-lg font-semibold">
        Quotas
      </h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          id="quota-clusters"
          label="Cluster quota"
          help={`${usedClusters} cluster${usedClusters === 1 ? "" : "s"} in use. Empty: no limit.`}
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
          label="Worker node quota"
          help="Empty: no limit."
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
      <FormStatus error={form.formError} message={form.message} testId="quotas" />
      <button type="submit" disabled={form.pending} className={primaryButton}>
        {form.pending ? "Saving…" : "Save quotas"}
      </button>
    </form>
  );
}
