"use client";

import { useLocale, useTranslations } from "next-intl";
import { AddonSettingsFields } from "@/components/clusters/addon-settings.tsx";
import { FieldError } from "@/components/ui/field.tsx";
import { sayValue } from "@/lib/action-words.ts";
import { type AddonOffer, providerNames } from "@/lib/capi/addon-catalog.ts";
import { formatList } from "@/lib/i18n/format.ts";
import type { Translate } from "@/lib/validation/messages.ts";
import type { CreateClusterFormState } from "./use-create-cluster-form.ts";

/**
 * The form's Add-ons step: the team's offered add-ons (the platform's catalog) with what each
 * installs, its chart and version, what it needs, and its settings once ticked.
 */
export function AddonsStep({ form, offers }: { form: CreateClusterFormState; offers: AddonOffer[] }) {
  const t = useTranslations("newCluster.addons");
  const translate = useTranslations() as unknown as Translate;
  const locale = useLocale();
  // What the add-on needs, in the reader's words: the add-on that is it, else what provides it.
  const needWords = (o: AddonOffer) =>
    formatList(
      o.requires.map((need) => String(sayValue(providerNames(offers, need), translate, locale))),
      locale,
    );
  if (!offers.length) return null;
  return (
    <fieldset className="space-y-3" data-testid="addons-step">
      <legend className="text-lg font-semibold">{t("title")}</legend>
      <p className="text-sm text-slate-500">{t("intro")}</p>
      <ul className="space-y-2">
        {offers.map((o) => {
          const chosen = form.addons[o.id];
          const enabled = !!chosen?.enabled;
          const prefix = `addons.${o.id}.`;
          const errors = Object.fromEntries(
            Object.entries(form.errors)
              .filter(([k]) => k.startsWith(prefix))
              .map(([k, v]) => [k.slice(prefix.length), v]),
          );
          return (
            <li
              key={o.id}
              data-testid="addon-offer"
              data-addon={o.id}
              className="space-y-2 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-800"
            >
              <label className="flex items-start gap-2">
                <input
                  type="checkbox"
                  className="mt-1"
                  checked={enabled}
                  onChange={(e) => form.setAddon(o.id, { enabled: e.target.checked })}
                  aria-describedby={`addon-${o.id}-about`}
                />
                <span>
                  {/* The platform's catalog file describes its add-ons in its own words. */}
                  <span className="font-medium" data-i18n-ignore>
                    {o.title}
                  </span>{" "}
                  <span className="font-mono text-xs text-slate-500">
                    {o.chart.chartName} {o.chart.version || t("latest")}
                  </span>
                  <span
                    id={`addon-${o.id}-about`}
                    className="block text-slate-600 dark:text-slate-300"
                    data-i18n-ignore
                  >
                    {o.description}
                  </span>
                  <span className="block text-xs text-slate-500">
                    {t("installs")} <span data-i18n-ignore>{o.installs}</span>
                  </span>
                  {o.requires.length ? (
                    <span className="block text-xs text-slate-500" data-testid="addon-requires">
                      {t("needs", { names: needWords(o) })}
                    </span>
                  ) : null}
                </span>
              </label>
              <FieldError id={`addon-${o.id}-error`} error={form.errors[`addons.${o.id}`]} />
              {enabled ? (
                <AddonSettingsFields
                  offer={o}
                  idPrefix="new-addon"
                  values={chosen?.settings ?? {}}
                  errors={errors}
                  onChange={(key, value) =>
                    form.setAddon(o.id, { settings: { ...(chosen?.settings ?? {}), [key]: value } })
                  }
                />
              ) : null}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
