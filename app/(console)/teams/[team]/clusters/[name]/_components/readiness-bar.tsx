import { useTranslations } from "next-intl";
import type { Readiness, ReadinessGroup } from "@/lib/capi/cluster-status.ts";

type Slot = "ready" | "coming" | "missing" | "leaving";

const SLOT_CLASS: Record<Slot, string> = {
  ready: "bg-emerald-500 dark:bg-emerald-400",
  coming: "animate-pulse bg-sky-400 dark:bg-sky-600",
  missing: "bg-slate-200 dark:bg-slate-800",
  leaving: "bg-amber-400 dark:bg-amber-600",
};

/**
 * One segment per machine slot (at most 40; beyond that each segment stands for a share), so the
 * bar needs no inline width: the nonce-based CSP forbids style attributes.
 */
function slots(ready: number, current: number, desired: number): Slot[] {
  const total = Math.max(desired, current);
  const n = Math.min(total, 40);
  const out: Slot[] = [];
  for (let i = 0; i < n; i++) {
    const at = ((i + 0.5) / n) * total;
    out.push(
      at < Math.min(ready, desired)
        ? "ready"
        : at < desired
          ? at < current
            ? "coming"
            : "missing"
          : "leaving",
    );
  }
  return out;
}

function Bar({
  ready,
  current,
  desired,
  label,
}: {
  ready: number;
  current: number;
  desired: number;
  label: string;
}) {
  const segments = slots(ready, current, desired);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={desired}
      aria-valuenow={Math.min(ready, desired)}
      aria-valuetext={`${ready} of ${desired} ready`}
      className="flex h-2.5 w-full gap-0.5 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-900"
    >
      {segments.map((slot, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: positional segments of one bar
        <span key={i} className={`h-full flex-1 transition-colors ${SLOT_CLASS[slot]}`} />
      ))}
    </div>
  );
}

/** Machines ready against wanted, overall and per control plane and worker pool. */
export function ReadinessBar({ readiness }: { readiness: Readiness }) {
  const t = useTranslations("clusterPage.readiness");
  // The control plane and topology pools in words; a MachineDeployment outside the topology by its name.
  const groupLabel = (g: ReadinessGroup) =>
    g.key === "control-plane"
      ? t("controlPlane")
      : g.key.startsWith("pool:")
        ? t("pool", { name: g.key.slice("pool:".length) })
        : g.label;
  return (
    <section aria-labelledby="readiness-heading" data-testid="readiness" className="space-y-3">
      <div className="flex items-baseline justify-between gap-3">
        <h2 id="readiness-heading" className="text-lg font-semibold">
          {t("title")}
        </h2>
        <span data-testid="readiness-total" className="text-sm text-slate-600 dark:text-slate-300">
          {t("total", { ready: readiness.ready, desired: readiness.desired, percent: readiness.percent })}
        </span>
      </div>
      <Bar
        ready={readiness.ready}
        current={readiness.groups.reduce((n, g) => n + g.current, 0)}
        desired={readiness.desired}
        label={t("barLabel")}
      />
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500" aria-hidden="true">
        {(
          [
            ["ready", "ready"],
            ["coming", "coming"],
            ["missing", "missing"],
            ["leaving", "leaving"],
          ] as const
        ).map(([slot, key]) => (
          <span key={slot} className="inline-flex items-center gap-1">
            <span className={`inline-block h-2 w-3 rounded-sm ${SLOT_CLASS[slot]}`} />
            {t(`slots.${key}`)}
          </span>
        ))}
      </p>
      <ul className="grid gap-3 sm:grid-cols-2">
        {readiness.groups.map((g) => (
          <li
            key={g.key}
            data-testid="readiness-group"
            data-group={g.key}
            data-ready={g.ready}
            data-desired={g.desired}
            data-activity={g.activity}
            className="space-y-1 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-800"
          >
            <div className="flex items-baseline justify-between gap-2">
              <span className="font-medium">{groupLabel(g)}</span>
              <span>
                <span data-testid="group-count">
                  {g.ready}/{g.desired}
                </span>{" "}
                {t("ready")}
                <span
                  className={`ml-2 rounded-full px-2 py-0.5 text-xs ${
                    g.activity === "stable"
                      ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100"
                      : "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100"
                  }`}
                >
                  {t(`activity.${g.activity}`)}
                </span>
              </span>
            </div>
            <Bar
              ready={g.ready}
              current={g.current}
              desired={g.desired}
              label={t("groupBarLabel", { group: groupLabel(g) })}
            />
            {g.upToDate < g.current ? (
              <p className="text-xs text-slate-500">
                {t("upToDate", { upToDate: g.upToDate, current: g.current })}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      {readiness.groups.length === 0 ? <p className="text-sm text-slate-500">{t("noneWanted")}</p> : null}
    </section>
  );
}
