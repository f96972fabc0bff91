"use client";

import { useTranslations } from "next-intl";
import { Field, inputClass } from "@/components/ui/field.tsx";
import type { ClassOffer } from "@/lib/capi/class-catalog.ts";
import type { CreateClusterFormState } from "./use-create-cluster-form.ts";

/** The cluster's name, its class (offered to the team) and the class's Kubernetes version. */
export function ClassAndVersion({ form, offers }: { form: CreateClusterFormState; offers: ClassOffer[] }) {
  const { offer, errors } = form;
  const t = useTranslations("newCluster");
  return (
    <>
      <Field id="name" label={t("name")} help={t("nameHelp")} error={errors.name}>
        <input
          id="name"
          className={inputClass}
          value={form.name}
          autoComplete="off"
          aria-invalid={errors.name ? true : undefined}
          onChange={(e) => form.setName(e.target.value)}
        />
      </Field>
      <Field
        id="className"
        label={t("class")}
        help={
          offer?.stack
            ? t("classStack", { stack: offer.stack, release: offer.release ?? "" })
            : t("classLocal")
        }
        error={errors.className}
      >
        <select
          id="className"
          className={inputClass}
          value={form.className}
          onChange={(e) => form.changeClass(e.target.value)}
        >
          {offers.map((o) => (
            <option key={o.name} value={o.name} disabled={!o.ready}>
              {o.name}
              {o.versions.length ? ` (Kubernetes ${o.versions.join(", ")})` : ""}
              {o.ready ? "" : ` – ${t("notReady")}`}
            </option>
          ))}
        </select>
      </Field>
      <Field id="version" label={t("version")} error={errors.version}>
        <select
          id="version"
          className={inputClass}
          value={form.version}
          onChange={(e) => form.setVersion(e.target.value)}
        >
          {(offer?.versions ?? []).map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}
