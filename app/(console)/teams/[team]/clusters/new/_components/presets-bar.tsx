"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { inputClass } from "@/components/ui/field.tsx";
import type { CreateClusterFormState } from "./use-create-cluster-form.ts";

/** Start from a saved preset, or save what the form holds (all but the name) as one. */
export function PresetsBar({ form, presets }: { form: CreateClusterFormState; presets: { name: string }[] }) {
  const t = useTranslations("newCluster.presets");
  // Applied on the button only (WCAG 3.2.2): arrowing through the presets must not overwrite the
  // form with each one on the way.
  const [chosen, setChosen] = useState("");
  return (
    <section
      className="flex flex-wrap items-end gap-3 rounded-lg bg-slate-100 p-3 dark:bg-slate-900"
      aria-label={t("label")}
    >
      {presets.length ? (
        <label className="text-sm">
          <span className="block font-medium">{t("startFrom")}</span>
          <select className={inputClass} value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">{t("choose")}</option>
            {presets.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {presets.length ? (
        <button
          type="button"
          onClick={() => void form.applyPreset(chosen)}
          disabled={!chosen}
          className="rounded-md border border-slate-300 px-3 py-2 text-sm hover:bg-white disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          {t("use")}
        </button>
      ) : null}
      <label className="text-sm">
        <span className="block font-medium">{t("name")}</span>
        <input
          className={inputClass}
          value={form.presetName}
          onChange={(e) => form.setPresetName(e.target.value)}
        />
      </label>
      <button
        type="button"
        onClick={form.savePreset}
        disabled={form.pending || !form.presetName.trim()}
        className="rounded-md border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-50 dark:border-slate-700"
      >
        {t("save")}
      </button>
      {form.presetStatus ? (
        <p role="status" className="text-sm text-slate-600 dark:text-slate-300">
          {form.presetStatus}
        </p>
      ) : null}
    </section>
  );
}
