"use client";

import { useTranslations } from "next-intl";
import { Field, inputClass } from "@/components/ui/field.tsx";
import type { WorkerPoolInput } from "@/lib/capi/cluster-manifest.ts";

/** Parses `key=value` lines into labels. */
export function parseLabels(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (!t) continue;
    const eq = t.indexOf("=");
    out[eq < 0 ? t : t.slice(0, eq).trim()] = eq < 0 ? "" : t.slice(eq + 1).trim();
  }
  return out;
}

/** Parses `key=value:Effect` lines into taints (invalid effects are left for validation to flag). */
export function parseTaints(text: string): WorkerPoolInput["taints"] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const colon = l.lastIndexOf(":");
      const kv = colon < 0 ? l : l.slice(0, colon);
      const effect = (
        colon < 0 ? "NoSchedule" : l.slice(colon + 1)
      ) as WorkerPoolInput["taints"][number]["effect"];
      const eq = kv.indexOf("=");
      return { key: eq < 0 ? kv : kv.slice(0, eq), value: eq < 0 ? "" : kv.slice(eq + 1), effect };
    });
}

type Props = {
  index: number;
  pool: WorkerPoolInput & { labelsText?: string; taintsText?: string };
  workerClasses: { name: string; description: string | null }[];
  errors: Record<string, string>;
  onChange: (pool: WorkerPoolInput & { labelsText?: string; taintsText?: string }) => void;
  onRemove?: () => void;
  /** Pools of an existing cluster keep their name and class. */
  locked?: boolean;
};

/** Edits one worker pool: name, class, replicas, autoscaler bounds, labels and taints. */
export function WorkerPoolEditor({ index, pool, workerClasses, errors, onChange, onRemove, locked }: Props) {
  const t = useTranslations("clusterForm.pool");
  const id = (f: string) => `pool-${index}-${f}`;
  const err = (f: string) => errors[`workers.${index}.${f}`] ?? null;
  return (
    <fieldset
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
      data-testid="worker-pool"
    >
      <legend className="px-1 text-sm font-semibold">
        {t("title", { n: index + 1 })}
        {pool.name ? `: ${pool.name}` : ""}
      </legend>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field id={id("name")} label={t("name")} error={err("name")}>
          <input
            id={id("name")}
            className={inputClass}
            value={pool.name}
            disabled={locked}
            aria-invalid={err("name") ? true : undefined}
            onChange={(e) => onChange({ ...pool, name: e.target.value })}
          />
        </Field>
        <Field id={id("class")} label={t("class")} error={err("class")}>
          <select
            id={id("class")}
            className={inputClass}
            value={pool.class}
            disabled={locked}
            onChange={(e) => onChange({ ...pool, class: e.target.value })}
          >
            {workerClasses.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
                {c.description ? ` – ${c.description}` : ""}
              </option>
            ))}
          </select>
        </Field>
        <Field id={id("replicas")} label={t("replicas")} error={err("replicas")}>
          <input
            id={id("replicas")}
            type="number"
            min={0}
            max={500}
            className={inputClass}
            value={Number.isNaN(pool.replicas) ? "" : pool.replicas}
            aria-invalid={err("replicas") ? true : undefined}
            onChange={(e) =>
              onChange({ ...pool, replicas: e.target.value === "" ? Number.NaN : Number(e.target.value) })
            }
          />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={pool.autoscaling !== null}
          onChange={(e) =>
            onChange({
              ...pool,
              autoscaling: e.target.checked
                ? { min: Math.min(1, pool.replicas || 1), max: Math.max(pool.replicas || 1, 3) }
                : null,
            })
          }
        />
        {t("autoscale")}
      </label>
      {pool.autoscaling ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id={id("min")} label={t("min")} error={err("autoscaling.min") ?? err("autoscaling")}>
            <input
              id={id("min")}
              type="number"
              min={0}
              className={inputClass}
              value={pool.autoscaling.min}
              onChange={(e) =>
                onChange({
                  ...pool,
                  autoscaling: { min: Number(e.target.value), max: pool.autoscaling?.max ?? 1 },
                })
              }
            />
          </Field>
          <Field id={id("max")} label={t("max")} error={err("autoscaling.max")}>
            <input
              id={id("max")}
              type="number"
              min={1}
              className={inputClass}
              value={pool.autoscaling.max}
              onChange={(e) =>
                onChange({
                  ...pool,
                  autoscaling: { min: pool.autoscaling?.min ?? 0, max: Number(e.target.value) },
                })
              }
            />
          </Field>
        </div>
      ) : null}
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-600 dark:text-slate-300">
          {t("labelsAndTaints")}
        </summary>
        <div className="mt-2 grid gap-3 sm:grid-cols-2">
          <Field id={id("labels")} label={t("labels")} error={err("labels")}>
            <textarea
              id={id("labels")}
              rows={3}
              className={`${inputClass} font-mono`}
              value={
                pool.labelsText ??
                Object.entries(pool.labels)
                  .map(([k, v]) => `${k}=${v}`)
                  .join("\n")
              }
              onChange={(e) =>
                onChange({ ...pool, labelsText: e.target.value, labels: parseLabels(e.target.value) })
              }
            />
          </Field>
          <Field id={id("taints")} label={t("taints")} error={err("taints")}>
            <textarea
              id={id("taints")}
              rows={3}
              className={`${inputClass} font-mono`}
              value={
                pool.taintsText ??
                pool.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`).join("\n")
              }
              onChange={(e) =>
                onChange({ ...pool, taintsText: e.target.value, taints: parseTaints(e.target.value) })
              }
            />
          </Field>
        </div>
      </details>
      {onRemove ? (
        <button type="button" onClick={onRemove} className="text-sm text-red-700 underline dark:text-red-400">
          {t("remove", { n: index + 1 })}
        </button>
      ) : null}
    </fieldset>
  );
}
