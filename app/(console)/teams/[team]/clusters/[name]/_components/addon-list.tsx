import { useTranslations } from "next-intl";
import { AddonSummary } from "@/components/clusters/addon-summary.tsx";
import type { AddonRow, AddonState } from "@/lib/capi/addons.ts";

const STATE: Record<AddonState, { badge: string }> = {
  ready: {
    badge: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100",
  },
  progressing: { badge: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100" },
  failed: { badge: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100" },
  unknown: { badge: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100" },
};

/** Add-ons of the cluster (Cluster Stacks, Helm add-on provider, ClusterResourceSets) and their state. */
export function AddonList({ rows }: { rows: AddonRow[] | null }) {
  const t = useTranslations("clusterPage.addons");
  return (
    <section aria-labelledby="addons-heading">
      <h2 id="addons-heading" className="mb-2 text-lg font-semibold">
        {t("title")}
      </h2>
      {rows === null ? (
        <p className="text-sm text-slate-500">{t("loading")}</p>
      ) : rows.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="addons-empty">
          {t("empty")}
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
                  {t(`state.${a.state}`)}
                </span>
                <span className="text-xs text-slate-500">
                  <AddonSummary parts={a.summaryParts} />
                </span>
              </div>
              {a.stages.length ? (
                <ol className="mt-2 flex flex-wrap gap-1" aria-label={t("stages", { name: a.name })}>
                  {a.stages.map((s) => (
                    <li
                      key={`${s.name}/${s.action}`}
                      data-testid="addon-stage"
                      data-state={s.state}
                      className={`rounded px-2 py-0.5 text-xs ${STATE[s.state].badge}`}
                    >
                      {s.name}: {s.phase ? <span data-i18n-ignore>{s.phase}</span> : t("notStarted")}
                    </li>
                  ))}
                </ol>
              ) : null}
              {a.message ? (
                <p
                  data-i18n-ignore
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
