"use client";

import { useState } from "react";
import { FormPanel } from "@/components/forms/form-panel.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { teamAddonsInput } from "@/lib/validation/addons.ts";
import { setTeamAddonsAction } from "../_actions/team-addons.ts";

/** A catalog entry as this form shows it, with the team's proxy if there is one. */
export type CatalogEntryView = {
  id: string;
  title: string;
  description: string;
  chart: string;
  /** The team's proxy: its chart version and Ready condition in words, or null when not offered. */
  proxy: { version: string; ready: string } | null;
};

/**
 * Chooses the add-ons the team is offered from the platform's catalog. Each ticked one becomes a
 * HelmChartProxy in the team's namespace; unticking one uninstalls it from the team's clusters.
 */
export function TeamAddonsForm({ team, entries }: { team: string; entries: CatalogEntryView[] }) {
  const [chosen, setChosen] = useState(() => new Set(entries.filter((e) => e.proxy).map((e) => e.id)));
  const form = useActionForm({
    schema: teamAddonsInput,
    action: setTeamAddonsAction,
    success: (r) =>
      [
        r.added.length ? `Offered: ${r.added.join(", ")}.` : null,
        r.removed.length
          ? `Withdrawn (uninstalled from the team's clusters): ${r.removed.join(", ")}.`
          : null,
        !r.added.length && !r.removed.length ? "Add-ons saved." : null,
      ]
        .filter(Boolean)
        .join(" "),
  });
  const withdrawn = entries.filter((e) => e.proxy && !chosen.has(e.id));
  return (
    <FormPanel
      id="team-addons"
      title="Add-ons"
      form={form}
      onSubmit={() => form.submit({ team, addons: entries.map((e) => e.id).filter((id) => chosen.has(id)) })}
      action="Save add-ons"
    >
      <p className="text-sm text-slate-500">
        The team may enable the ticked add-ons on its clusters. Each is a HelmChartProxy in the team&apos;s
        namespace, so it reaches only this team&apos;s clusters.
      </p>
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
                <span className="font-medium">{e.title}</span>{" "}
                <span className="font-mono text-xs text-slate-500">{e.chart}</span>
                <span className="block text-slate-500">{e.description}</span>
                {e.proxy ? (
                  <span className="block text-xs text-slate-500" data-testid={`offered-addon-${e.id}`}>
                    offered · version {e.proxy.version || "latest"} · {e.proxy.ready}
                  </span>
                ) : null}
              </span>
            </label>
          </li>
        ))}
      </ul>
      {withdrawn.length ? (
        <p className="text-sm text-amber-700 dark:text-amber-400">
          Saving uninstalls {withdrawn.map((e) => e.title).join(", ")} from every cluster of this team that
          has it.
        </p>
      ) : null}
    </FormPanel>
  );
}
