"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { FormPanel } from "@/components/forms/form-panel.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { setOfferedClassesAction } from "../_actions/team-settings.ts";

type Entry = { kind: "class" | "stack"; name: string };

/** Chooses the classes and stacks the team is offered; nothing chosen offers every class. */
export function OfferedClassesForm({
  team,
  classes,
  stacks,
  offered,
}: {
  team: string;
  classes: string[];
  stacks: string[];
  offered: Entry[];
}) {
  const t = useTranslations("admin.offered");
  const key = (e: Entry) => `${e.kind}:${e.name}`;
  const [chosen, setChosen] = useState(() => new Set(offered.map(key)));
  const form = useActionForm({
    schema: () => import("@/lib/validation/admin.ts").then((m) => m.offeredClassesInput),
    action: setOfferedClassesAction,
    success: () => t("saved"),
  });
  const toggle = (e: Entry) => {
    const next = new Set(chosen);
    if (next.has(key(e))) next.delete(key(e));
    else next.add(key(e));
    setChosen(next);
  };
  const box = (e: Entry) => (
    <label key={key(e)} className="flex items-center gap-2 text-sm">
      <input type="checkbox" checked={chosen.has(key(e))} onChange={() => toggle(e)} />
      <span className="font-mono">{e.name}</span>
    </label>
  );
  // Offers whose class vanished from the namespace stay listed, so they can be unticked.
  const missing = offered.filter((e) =>
    e.kind === "class" ? !classes.includes(e.name) : !stacks.includes(e.name),
  );
  return (
    <FormPanel
      id="offered"
      title={t("title")}
      form={form}
      onSubmit={() =>
        form.submit({
          team,
          entries: [...chosen].map((k) => {
            const [kind, ...rest] = k.split(":");
            return { kind, name: rest.join(":") };
          }),
        })
      }
      action={t("save")}
    >
      <p className="text-sm text-slate-500">{chosen.size === 0 ? t("nothingChosen") : t("chosen")}</p>
      <div className="grid gap-4 sm:grid-cols-2">
        <fieldset className="space-y-1">
          <legend className="mb-1 text-sm font-medium">{t("stacks")}</legend>
          {stacks.length ? (
            stacks.map((s) => box({ kind: "stack", name: s }))
          ) : (
            <p className="text-sm text-slate-500">{t("noStacks")}</p>
          )}
        </fieldset>
        <fieldset className="space-y-1">
          <legend className="mb-1 text-sm font-medium">{t("classes")}</legend>
          {classes.length ? (
            classes.map((c) => box({ kind: "class", name: c }))
          ) : (
            <p className="text-sm text-slate-500">{t("noClasses")}</p>
          )}
          {missing.map((e) => (
            <div key={`missing-${key(e)}`} className="flex items-center gap-2">
              {box(e)}
              <span className="text-xs text-amber-700 dark:text-amber-400">{t("missing")}</span>
            </div>
          ))}
        </fieldset>
      </div>
    </FormPanel>
  );
}
