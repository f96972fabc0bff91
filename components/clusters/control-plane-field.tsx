"use client";

import { useTranslations } from "next-intl";
import { FieldError } from "@/components/ui/field.tsx";
/** How many control plane nodes: 1, 3 or 5, as radio buttons named `name`. */
export function ControlPlaneField({
  name,
  value,
  onChange,
  error,
  explain = false,
}: {
  name: string;
  value: number;
  onChange: (replicas: number) => void;
  error?: string;
  /** Says why the counts are odd (the create form does; the scale panel is for those who know). */
  explain?: boolean;
}) {
  const t = useTranslations("clusterForm.controlPlane");
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium">{t("label")}</legend>
      <div className="flex gap-4" role="radiogroup" aria-label={t("label")}>
        {[1, 3, 5].map((n) => (
          <label key={n} className="flex items-center gap-1 text-sm">
            <input type="radio" name={name} value={n} checked={value === n} onChange={() => onChange(n)} />
            {n}
          </label>
        ))}
      </div>
      {explain ? <p className="text-xs text-slate-500">{t("explain")}</p> : null}
      <FieldError error={error} />
    </fieldset>
  );
}
