"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { FormPanel } from "@/components/forms/form-panel.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { setTeamAddonsAction } from "../_actions/team-addons.ts";

/** A catalog entry as this form shows it, with the team's proxy if there is one. */
export type CatalogEntryView = {
  id: string;
  title: string;
  description: string;
  chart: string;
  /**
   * The team's proxy: its chart version and Ready condition (its state, and the provider's own
   * words), or null when not offered.
   */
  proxy: { version: string; ready: { state: "ready" | "notReady" | "unknown"; words: string | null } } | null;
};

/**
 * Chooses the add-ons the team is offered from the platform's catalog. Each ticked one becomes a
 * HelmChartProxy in the team's namespace; unticking one uninstalls it from the team's clusters.
 */
export function TeamAddonsForm({ team, entries }: { team: string; entries: CatalogEntryView[] }) {
  const t = useTranslations("admin.addons");
  const [chosen, setChosen] = useState(() => new Set(entries.filter((e) => e.proxy).map((e) => e.id)));
  const form = useActionForm({
    schema: () => import("@/lib/validation/addons.ts").then((m) => m.teamAddonsInput),
    action: setTeamAddonsAction,
    success: (r) =>
      [
        r.added.length ? t("offeredNow", { names: r.added.join(", ") }) : null,
        r.removed.length ? t("withdrawnNow", { names: r.removed.join(", ") }) : null,
        !r.added.length && !r.removed.length ? t("saved") : null,
      ]
        .filter(Boolean)
        .join(" "),
  });
  const withdrawn = entries.filter((e) => e.proxy && !chosen.has(e.id));
  return (
    <FormPanel
      id="team-addons"
      title={t("title")}
      form={form}
      onSubmit={() => form.submit({ team, addons: entries.map((e) => e.id).filter((id) => chosen.has(id)) })}
      action={t("save")}
    >
      <p className="text-sm text-slate-500">{t("intro")}</p>
      <ul className="space-y-2">
        {entries.map((e) => (
          <li key={e.id} className="text-sm">
            <label className="flex items-start gap-2">
              <input
                type="checkbox"
                className="mt-1"
                data-testid={`offer-addon-${e.id}`}
                checked={chosen.has(e.id)}
                onChange={() => {
                  const next = new Set(chosen);
                  if (next.has(e.id)) next.delete(e.id);
                  else next.add(e.id);
                  setChosen(next);
                }}
              />
              <span>
                {/* The platform's catalog file says what an add-on is, in its own words. */}
                <span className="font-medium" data-i18n-ignore>
                  {e.title}
                </span>{" "}
                <span className="font-mono text-xs text-slate-500">{e.chart}</span>
                <span className="block text-slate-500" data-i18n-ignore>
                  {e.description}
                </span>
                {e.proxy ? (
                  <span className="block text-xs text-slate-500" data-testid={`offered-addon-${e.id}`}>
                    {t("offeredState", { version: e.proxy.version || t("latest") })} ·{" "}
                    {t(`ready.${e.proxy.ready.state}`)}
                    {e.proxy.ready.words ? <span data-i18n-ignore>: {e.proxy.ready.words}</span> : null}
                  </span>
                ) : null}
              </span>
            </label>
          </li>
        ))}
      </ul>
      {withdrawn.length ? (
        <p className="text-sm text-amber-700 dark:text-amber-400">
          {t("withdrawWarning", { names: withdrawn.map((e) => e.title).join(", ") })}
        </p>
      ) : null}
    </FormPanel>
  );
}
