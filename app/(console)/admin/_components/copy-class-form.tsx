"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { FormPanel, panelClass } from "@/components/forms/form-panel.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { Field, inputClass } from "@/components/ui/field.tsx";
import { copyClusterClassAction } from "../_actions/team-settings.ts";

/** Copies a ClusterClass with its templates from another team namespace into this team's. */
export function CopyClassForm({
  team,
  sources,
}: {
  team: string;
  sources: { namespace: string; classes: string[] }[];
}) {
  const t = useTranslations("admin.copyClass");
  const [fromNamespace, setFrom] = useState(sources[0]?.namespace ?? "");
  const classes = sources.find((s) => s.namespace === fromNamespace)?.classes ?? [];
  const [className, setClass] = useState(classes[0] ?? "");
  const form = useActionForm({
    schema: () => import("@/lib/validation/admin.ts").then((m) => m.copyClassInput),
    action: copyClusterClassAction,
    success: (d) => t("copied", { name: className, count: d.templates.length }),
  });
  if (!sources.length)
    return (
      <section className={panelClass} aria-labelledby="copy-heading">
        <h2 id="copy-heading" className="text-lg font-semibold">
          {t("title")}
        </h2>
        <p className="text-sm text-slate-500">{t("noSources")}</p>
      </section>
    );
  return (
    <FormPanel
      id="copy"
      title={t("title")}
      testId="copy-class"
      form={form}
      onSubmit={() => form.submit({ team, fromNamespace, className })}
      action={t("action")}
      pendingAction={t("pending")}
      disabled={!className}
    >
      <p className="text-sm text-slate-500">{t("intro")}</p>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="copy-from" label={t("from")} error={form.fieldErrors.fromNamespace}>
          <select
            id="copy-from"
            className={inputClass}
            value={fromNamespace}
            onChange={(e) => {
              setFrom(e.target.value);
              setClass(sources.find((s) => s.namespace === e.target.value)?.classes[0] ?? "");
            }}
          >
            {sources.map((s) => (
              <option key={s.namespace} value={s.namespace}>
                {s.namespace}
              </option>
            ))}
          </select>
        </Field>
        <Field id="copy-class" label={t("class")} error={form.fieldErrors.className}>
          <select
            id="copy-class"
            className={inputClass}
            value={className}
            onChange={(e) => setClass(e.target.value)}
          >
            {classes.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </Field>
      </div>
    </FormPanel>
  );
}
