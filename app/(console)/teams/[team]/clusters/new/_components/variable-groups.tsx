"use client";

import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { VariableField } from "@/components/clusters/variable-field.tsx";
import type { ClassOffer } from "@/lib/capi/class-catalog.ts";
import type { CreateClusterFormState } from "./use-create-cluster-form.ts";

/** The chosen class's variables, a section per group, each field generated from its schema. */
export function VariableGroups({ form }: { form: CreateClusterFormState }) {
  const { offer } = form;
  // Group names come from the class's annotation: the known ones in the reader's language.
  const t = useTranslations("variables.groups") as unknown as ((key: string) => string) & {
    has: (key: string) => boolean;
  };
  const groups = useMemo(() => {
    const map = new Map<string, ClassOffer["variables"]>();
    for (const v of offer?.variables ?? []) map.set(v.group, [...(map.get(v.group) ?? []), v]);
    return [...map.entries()];
  }, [offer]);
  return groups.map(([group, vars]) => (
    <section key={group} className="space-y-3">
      <h2 className="text-lg font-semibold">{t.has(group) ? t(group) : group}</h2>
      <div className="grid gap-4 sm:grid-cols-2">
        {vars.map((v) => (
          <VariableField
            key={v.name}
            path={v.name}
            name={v.name}
            schema={v.schema}
            required={v.required}
            value={form.variables[v.name]}
            errors={form.errors}
            onChange={(value) => form.setVariable(v.name, value)}
          />
        ))}
      </div>
    </section>
  ));
}
