"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { ControlPlaneField } from "@/components/clusters/control-plane-field.tsx";
import type { AddonOffer } from "@/lib/capi/addon-catalog.ts";
import type { ClassOffer } from "@/lib/capi/class-catalog.ts";
import { AddonsStep } from "./addons-step.tsx";
import { ClassAndVersion } from "./class-and-version.tsx";
import { PresetsBar } from "./presets-bar.tsx";
import { ReviewStep } from "./review-step.tsx";
import { useCreateClusterForm } from "./use-create-cluster-form.ts";
import { VariableGroups } from "./variable-groups.tsx";
import { WorkerPools } from "./worker-pools.tsx";

/** The create form, generated from the chosen cluster class; reviewed by the API server before create. */
export function CreateClusterForm({
  team,
  offers,
  nodeQuota,
  presets,
  addonOffers,
}: {
  team: string;
  offers: ClassOffer[];
  nodeQuota: { limit: number | null; used: number };
  presets: { name: string; values: unknown }[];
  addonOffers: AddonOffer[];
}) {
  const form = useCreateClusterForm({ team, offers, presets, addonOffers });
  const t = useTranslations("newCluster");

  if (offers.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
        {t("noClasses")}
      </p>
    );
  }

  if (form.preview) return <ReviewStep form={form} preview={form.preview} />;

  return (
    <form
      noValidate
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        form.review();
      }}
    >
      {form.formError ? (
        <p
          role="alert"
          data-testid="form-error"
          className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {form.formError}
        </p>
      ) : null}
      <PresetsBar form={form} presets={presets} />
      <section className="grid gap-4 sm:grid-cols-2">
        <ClassAndVersion form={form} offers={offers} />
        <ControlPlaneField
          name="controlPlaneReplicas"
          value={form.controlPlaneReplicas}
          onChange={form.setControlPlaneReplicas}
          error={form.errors.controlPlaneReplicas}
          explain
        />
      </section>
      <WorkerPools form={form} nodeQuota={nodeQuota} />
      <VariableGroups form={form} />
      <AddonsStep form={form} offers={addonOffers} />
      <div className="flex items-center gap-3 border-t border-slate-200 pt-4 dark:border-slate-800">
        <Link href={`/teams/${encodeURIComponent(team)}/clusters`} className="text-sm underline">
          {t("cancel")}
        </Link>
        <button
          type="submit"
          disabled={form.pending}
          className="rounded-md bg-sky-600 px-4 py-2 text-sm font-medium text-white hover:bg-sky-700 disabled:opacity-60"
        >
          {form.pending ? t("checking") : t("review")}
        </button>
      </div>
    </form>
  );
}
