import type { AddonRow, AddonState } from "@/lib/capi/addons.ts";

const STATE: Record<AddonState, { label: string; badge: string }> = {
  ready: {
    label: "ready",
    badge: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100",
  },
  progressing: { label: "in progress", badge: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100" },
  failed: { label: "failed", badge: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100" },
  unknown: { label: "unknown", badge: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100" },
};

/** Add-ons of the cluster (Cluster Stacks, Helm add-on provider, ClusterResourceSets) and their state. */
export function AddonList({ rows }: { rows: AddonRow[] | null }) {
  return (
    <section aria-labelledby="addons-heading">
      <h2 id="addons-heading" className="mb-2 text-lg font-semibold">
        Add-ons
      </h2>
      {rows === null ? (
        <p className="text-sm text-slate-500">Loading add-ons…</p>
      ) : rows.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="addons-empty">
          No add-ons reported yet. A cluster stack installs its add-ons (CNI, metrics-server, CSI, cloud
          controller) once the control plane is up.
        </p>
      ) : (
        <ul className="space-y-2" data-testid="addons">
          {rows.map((a) => (
            <li
              key={a.uid}
              data-testid="addon"
              data-name={a.name}
              data-state={a.state}
              className={`rounded-md border p-3 text-sm ${
                a.state === "failed"
                  ? "border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950"
                  : "border-slate-200 dark:border-slate-800"
              }`}
            >
              <div className="flex flex-wrap items-baseline gap-2">
                <span className="font-medium">{a.name}</span>
                <span className="text-xs text-slate-500">{a.kind}</span>
                <span className={`rounded-full px-2 py-0.5 text-xs ${STATE[a.state].badge}`}>
                  {STATE[a.state].label}
                </span>
                <span className="text-xs text-slate-500">{a.summary}</span>
              </div>
              {a.stages.length ? (
                <ol className="mt-2 flex flex-wrap gap-1" aria-label={`Stages of ${a.name}`}>
                  {a.stages.map((s) => (
                    <li
                      key={`${s.name}/${s.action}`}
                      data-testid="addon-stage"
                      data-state={s.state}
                      className={`rounded px-2 py-0.5 text-xs ${STATE[s.state].badge}`}
                    >
                      {s.name}: {s.phase || "not started"}
                    </li>
                  ))}
                </ol>
              ) : null}
              {a.message ? (
                <p
                  className={`mt-2 whitespace-pre-wrap ${
                    a.state === "failed"
                      ? "text-red-800 dark:text-red-200"
                      : "text-slate-600 dark:text-slate-300"
                  }`}
                >
                  {a.message}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
