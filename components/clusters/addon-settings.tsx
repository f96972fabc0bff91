"use client";

import { useTranslations } from "next-intl";
import { Field, inputClass } from "@/components/ui/field.tsx";
import type { AddonOffer } from "@/lib/capi/addon-catalog.ts";

/**
 * The settings of one add-on as form fields (email, DNS name, choice, on/off, CIDRs), used by the
 * create form and the cluster page. Values are strings, as they are stored in Cluster annotations.
 * `errors` are keyed by setting key.
 */
export function AddonSettingsFields({
  offer,
  idPrefix,
  values,
  errors,
  onChange,
}: {
  offer: Pick<AddonOffer, "id" | "settings">;
  idPrefix: string;
  values: Record<string, string>;
  errors: Record<string, string | undefined>;
  onChange: (key: string, value: string) => void;
}) {
  const t = useTranslations("clusterForm.addonSettings");
  if (!offer.settings.length) return null;
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {offer.settings.map((s) => {
        const id = `${idPrefix}-${offer.id}-${s.key}`;
        const value = values[s.key] ?? "";
        const error = errors[s.key];
        const common = {
          id,
          "aria-invalid": error ? true : undefined,
          "aria-describedby": error ? `${id}-error` : s.help ? `${id}-help` : undefined,
          "data-testid": `addon-setting-${offer.id}-${s.key}`,
        };
        if (s.type === "boolean") {
          return (
            <div key={s.key} className="space-y-1 sm:col-span-2">
              <label className="flex items-center gap-2 text-sm font-medium">
                <input
                  type="checkbox"
                  {...common}
                  checked={(value || s.default) === "true"}
                  onChange={(e) => onChange(s.key, e.target.checked ? "true" : "false")}
                />
                {s.label}
              </label>
              {s.help ? (
                <p id={`${id}-help`} className="text-xs text-slate-500" data-i18n-ignore>
                  {s.help}
                </p>
              ) : null}
              {error ? (
                <p id={`${id}-error`} role="alert" className="text-xs text-red-700 dark:text-red-400">
                  {error}
                </p>
              ) : null}
            </div>
          );
        }
        return (
          <Field
            key={s.key}
            id={id}
            label={s.required ? s.label : t("optional", { label: s.label })}
            // A setting's help is the platform catalog's own words, as its title and description are.
            help={
              s.help ? (
                <span data-i18n-ignore>{s.help}</span>
              ) : s.default ? (
                t("default", { value: s.default })
              ) : null
            }
            error={error}
          >
            {s.type === "enum" ? (
              <select
                {...common}
                className={inputClass}
                value={value || s.default || ""}
                onChange={(e) => onChange(s.key, e.target.value)}
              >
                {(s.values ?? []).map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...common}
                className={inputClass}
                type={s.type === "email" ? "email" : "text"}
                placeholder={s.default ?? (s.type === "dns" ? "apps.example.com" : "")}
                value={value}
                onChange={(e) => onChange(s.key, e.target.value)}
              />
            )}
          </Field>
        );
      })}
    </div>
  );
}
