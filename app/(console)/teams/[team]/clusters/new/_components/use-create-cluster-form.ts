"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { type EditablePool, newPool } from "@/components/clusters/worker-pool-list.tsx";
import { loadedSchemaErrors } from "@/components/forms/action-result.ts";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { sayWords } from "@/lib/action-words.ts";
import { type AddonOffer, addonChoiceErrors } from "@/lib/capi/addon-catalog.ts";
import type { ClassOffer } from "@/lib/capi/class-catalog.ts";
import { initialValue, validateVariables } from "@/lib/capi/variables.ts";
import type { ClusterPreview } from "@/lib/clusters/create.ts";
import type { Translate } from "@/lib/validation/messages.ts";
import { createClusterAction, previewClusterAction } from "../../_actions/create-cluster.ts";
import { savePresetAction } from "../../_actions/save-preset.ts";

/** The create form's schemas, loaded at the first review or preset (zod is 31 KB gzip). */
const clusterSchemas = {
  create: () => import("@/lib/validation/cluster.ts").then((m) => m.createClusterInput),
  preset: () => import("@/lib/validation/cluster.ts").then((m) => m.presetValues),
};

function defaultsFor(offer: ClassOffer | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of offer?.variables ?? []) {
    // An optional object without a default of its own stays unset until the user asks for it
    // (its nested defaults alone would make required nested fields fail).
    if (v.schema.default === undefined && v.schema.type === "object" && !v.required) continue;
    const value = initialValue(v.schema);
    if (value !== undefined) out[v.name] = value;
  }
  return out;
}

/** Drops what editing leaves behind: empty lines in string lists. */
function cleanVariables(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    out[k] = Array.isArray(v) ? v.filter((x) => x !== "") : v;
  }
  return out;
}

/** The create form's state: what the user entered, the reviewed YAML, presets, errors. */
export type CreateClusterFormState = ReturnType<typeof useCreateClusterForm>;

/**
 * State and steps of the create form: edit → review (checked in the browser, then a dry run on
 * the management cluster) → create; presets fill the form or save it.
 */
export function useCreateClusterForm({
  team,
  offers,
  presets,
  addonOffers,
}: {
  team: string;
  offers: ClassOffer[];
  presets: { name: string; values: unknown }[];
  addonOffers: AddonOffer[];
}) {
  const router = useRouter();
  const t = useTranslations("newCluster");
  const translate = useTranslations() as unknown as Translate;
  const locale = useLocale();
  const [className, setClassName] = useState(offers[0]?.name ?? "");
  const offer = offers.find((o) => o.name === className);
  const [name, setName] = useState("");
  const [version, setVersion] = useState(offer?.versions.at(-1) ?? "");
  const [controlPlaneReplicas, setControlPlaneReplicas] = useState(1);
  const [workers, setWorkers] = useState<EditablePool[]>([newPool(0, offer?.workerClasses ?? [])]);
  const [variables, setVariables] = useState<Record<string, unknown>>(() => defaultsFor(offer));
  const [preview, setPreview] = useState<ClusterPreview | null>(null);
  const [presetName, setPresetName] = useState("");
  const [presetStatus, setPresetStatus] = useState<string | null>(null);
  const [addons, setAddons] = useState<
    Record<string, { enabled: boolean; settings: Record<string, string> }>
  >({});

  const input = {
    team,
    name,
    className,
    version,
    controlPlaneReplicas,
    workers: workers.map(({ labelsText: _l, taintsText: _t, ...p }) => p),
    variables: cleanVariables(variables),
    addons: addonOffers
      .filter((o) => addons[o.id]?.enabled)
      .map((o) => ({ id: o.id, enabled: true, settings: addons[o.id]?.settings ?? {} })),
  };

  const submission = useActionForm<
    { create: boolean; input: typeof input },
    ClusterPreview | { name: string }
  >({
    action: ({ create, input }) => (create ? createClusterAction(input) : previewClusterAction(input)),
    // Checked in the browser first (same schemas as the server), so obvious mistakes need no round trip.
    validate: async ({ create, input }) => {
      if (create) return {};
      const out: Record<string, string> = {};
      for (const [k, w] of Object.entries(validateVariables(offer?.variables ?? [], input.variables))) {
        out[`variables.${k}`] = sayWords(w, translate, locale);
      }
      return {
        ...out,
        ...Object.fromEntries(
          Object.entries(addonChoiceErrors(addonOffers, input.addons)).map(([k, e]) => [
            k,
            sayWords(e, translate, locale),
          ]),
        ),
        ...(await loadedSchemaErrors(clusterSchemas.create, input, translate)),
      };
    },
    refused: t("refused"),
    showsFieldErrors: true,
    refresh: false,
    onSuccess: (data) => {
      if ("yaml" in data) setPreview(data);
      else router.push(`/teams/${encodeURIComponent(team)}/clusters/${encodeURIComponent(data.name)}`);
    },
    // A refused create goes back to the form, where the errors show (the review step has none).
    onFailure: () => setPreview(null),
  });

  const presetSave = useActionForm({
    action: savePresetAction,
    refused: t("presets.saveFailed"),
    refresh: false,
    onSuccess: (d) => setPresetStatus(t("presets.saved", { name: d.name })),
    onFailure: setPresetStatus,
  });

  async function applyPreset(name: string) {
    const preset = presets.find((p) => p.name === name);
    const schema = await clusterSchemas.preset().catch(() => null);
    if (!schema) {
      setPresetStatus(t("presets.notChecked", { name }));
      return;
    }
    const parsed = schema.safeParse(preset?.values);
    if (!parsed.success || !offers.some((o) => o.name === parsed.data.className)) {
      setPresetStatus(t("presets.noLongerFits", { name }));
      return;
    }
    const v = parsed.data;
    setClassName(v.className);
    setVersion(v.version);
    setControlPlaneReplicas(v.controlPlaneReplicas);
    setWorkers(v.workers);
    setVariables(v.variables);
    setPresetName(name);
    setPresetStatus(t("presets.started", { name }));
  }

  function changeClass(next: string) {
    const o = offers.find((x) => x.name === next);
    setClassName(next);
    setVersion(o?.versions.at(-1) ?? "");
    setVariables(defaultsFor(o));
    setWorkers((ws) =>
      ws.map((w) =>
        o?.workerClasses.some((c) => c.name === w.class)
          ? w
          : { ...w, class: o?.workerClasses[0]?.name ?? "" },
      ),
    );
    setPreview(null);
  }

  return {
    offer,
    className,
    changeClass,
    name,
    setName,
    version,
    setVersion,
    controlPlaneReplicas,
    setControlPlaneReplicas,
    workers,
    setWorkers,
    variables,
    setVariable: (key: string, value: unknown) =>
      setVariables((vs) => {
        const next = { ...vs };
        if (value === undefined) delete next[key];
        else next[key] = value;
        return next;
      }),
    addons,
    setAddon: (id: string, change: { enabled?: boolean; settings?: Record<string, string> }) => {
      setAddons((all) => {
        const now = all[id] ?? { enabled: false, settings: {} };
        return { ...all, [id]: { ...now, ...change } };
      });
      setPreview(null);
    },
    presetName,
    setPresetName,
    presetStatus,
    applyPreset,
    savePreset: () => {
      const { name: _name, team: _team, ...values } = input;
      presetSave.submit({ team, presetName, values });
    },
    preview,
    backToEdit: () => setPreview(null),
    review: () => submission.submit({ create: false, input }),
    create: () => submission.submit({ create: true, input }),
    pending: submission.pending || presetSave.pending,
    formError: submission.formError,
    errors: submission.fieldErrors,
  };
}
