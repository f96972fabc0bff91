"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { VariableField } from "@/components/clusters/variable-field.tsx";
import { WorkerPoolEditor } from "@/components/clusters/worker-pool-editor.tsx";
import { CopyButton } from "@/components/ui/copy-button.tsx";
import { Field, inputClass } from "@/components/ui/field.tsx";
import type { ClassOffer } from "@/lib/capi/class-catalog.ts";
import { type WorkerPoolInput, workerNodes } from "@/lib/capi/cluster-manifest.ts";
import { initialValue, validateVariables } from "@/lib/capi/variables.ts";
import {
  createClusterInput,
  fieldErrors,
  type PresetValues,
  presetValues,
} from "@/lib/validation/cluster.ts";
import {
  type ClusterPreview,
  createClusterAction,
  previewClusterAction,
} from "../../_actions/create-cluster.ts";
import { savePresetAction } from "../../_actions/save-preset.ts";

type Pool = WorkerPoolInput & { labelsText?: string; taintsText?: string };

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

function newPool(index: number, offer: ClassOffer | undefined): Pool {
  return {
    name: `md-${index}`,
    class: offer?.workerClasses[0]?.name ?? "",
    replicas: 1,
    autoscaling: null,
    labels: {},
    taints: [],
  };
}

/** Drops what editing leaves behind: empty lines in string lists. */
function cleanVariables(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    out[k] = Array.isArray(v) ? v.filter((x) => x !== "") : v;
  }
  return out;
}

/** The create form, generated from the chosen cluster class; reviewed by the API server before create. */
export function CreateClusterForm({
  team,
  offers,
  nodeQuota,
  presets,
}: {
  team: string;
  offers: ClassOffer[];
  nodeQuota: { limit: number | null; used: number };
  presets: { name: string; values: unknown }[];
}) {
  const router = useRouter();
  const [className, setClassName] = useState(offers[0]?.name ?? "");
  const offer = offers.find((o) => o.name === className);
  const [name, setName] = useState("");
  const [version, setVersion] = useState(offer?.versions.at(-1) ?? "");
  const [controlPlaneReplicas, setControlPlaneReplicas] = useState(1);
  const [workers, setWorkers] = useState<Pool[]>([newPool(0, offer)]);
  const [variables, setVariables] = useState<Record<string, unknown>>(() => defaultsFor(offer));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [preview, setPreview] = useState<ClusterPreview | null>(null);
  const [pending, startTransition] = useTransition();
  const [presetName, setPresetName] = useState("");
  const [presetStatus, setPresetStatus] = useState<string | null>(null);

  function applyPreset(name: string) {
    const preset = presets.find((p) => p.name === name);
    const parsed = presetValues.safeParse(preset?.values);
    if (!parsed.success || !offers.some((o) => o.name === parsed.data.className)) {
      setPresetStatus(`Preset “${name}” no longer fits the classes offered to your team.`);
      return;
    }
    const v: PresetValues = parsed.data;
    setClassName(v.className);
    setVersion(v.version);
    setControlPlaneReplicas(v.controlPlaneReplicas);
    setWorkers(v.workers);
    setVariables(v.variables);
    setPresetName(name);
    setPresetStatus(`Started from preset “${name}”.`);
  }

  function savePreset() {
    const { name: _name, team: _team, ...values } = input();
    startTransition(async () => {
      const res = await savePresetAction({ team, presetName, values });
      setPresetStatus(
        res.ok
          ? `Saved preset “${res.data.name}”.`
          : (res.formError ?? Object.values(res.fieldErrors)[0] ?? "Saving failed."),
      );
    });
  }

  const groups = useMemo(() => {
    const map = new Map<string, NonNullable<typeof offer>["variables"]>();
    for (const v of offer?.variables ?? []) map.set(v.group, [...(map.get(v.group) ?? []), v]);
    return [...map.entries()];
  }, [offer]);

  const input = () => ({
    team,
    name,
    className,
    version,
    controlPlaneReplicas,
    workers: workers.map(({ labelsText: _l, taintsText: _t, ...p }) => p),
    variables: cleanVariables(variables),
  });

  const requested = workerNodes(
    workers.map((w) => ({ replicas: Number.isNaN(w.replicas) ? 0 : w.replicas, autoscaling: w.autoscaling })),
  );

  /** Checks in the browser first (same schemas as the server), so obvious mistakes need no round trip. */
  function localErrors(): Record<string, string> {
    const parsed = createClusterInput.safeParse(input());
    const out = parsed.success ? {} : fieldErrors(parsed.error);
    for (const [k, m] of Object.entries(
      validateVariables(offer?.variables ?? [], cleanVariables(variables)),
    )) {
      out[`variables.${k}`] ??= m;
    }
    return out;
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

  function review() {
    const local = localErrors();
    setErrors(local);
    setFormError(Object.keys(local).length ? "Some fields need your attention." : null);
    if (Object.keys(local).length) return;
    startTransition(async () => {
      const res = await previewClusterAction(input());
      if (res.ok) {
        setPreview(res.data);
        setErrors({});
        setFormError(null);
      } else {
        setErrors(res.fieldErrors);
        setFormError(res.formError ?? "Some fields need your attention.");
      }
    });
  }

  function create() {
    startTransition(async () => {
      const res = await createClusterAction(input());
      if (res.ok) {
        router.push(`/teams/${encodeURIComponent(team)}/clusters/${encodeURIComponent(res.data.name)}`);
      } else {
        setPreview(null);
        setErrors(res.fieldErrors);
        setFormError(res.formError ?? "Some fields need your attention.");
      }
    });
  }

  if (offers.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
        No cluster classes are offered to your team yet. Ask a platform admin to offer one.
      </p>
    );
  }

  if (preview) {
    const download = `data:application/yaml;charset=utf-8,${encodeURIComponent(preview.yaml)}`;
    return (
      <section aria-labelledby="review-heading" className="space-y-4">
        <h2 id="review-heading" className="text-lg font-semibold">
          Review: the management cluster accepted this cluster (dry run)
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Nothing has been created yet. This is exactly what will be applied as you:
        </p>
        <pre
          data-testid="cluster-yaml"
          className="max-h-96 overflow-auto rounded-lg bg-slate-900 p-4 font-mono text-xs text-slate-100"
        >
          {preview.yaml}
        </pre>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <CopyButton text={preview.yaml} label="Copy YAML" />
          <a
            href={download}
            download={preview.fileName}
            className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            Download {preview.fileName}
          </a>
          <code className="rounded bg-slate-100 px-2 py-1 font-mono text-xs dark:bg-slate-800">
            {preview.command}
          </code>
          <CopyButton text={preview.command} label="Copy command" />
        </div>
        {formError ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {formError}
          </p>
        ) : null}
        <div className="flex gap-3">
          <button
            type="button"
            onClick={() => setPreview(null)}
            className="rounded-md border border-slate-300 px-4 py-2 text-sm dark:border-slate-700"
          >
            Back to edit
          </button>
          <button
            type="button"
            onClick={create}
            disabled={pending}
            className="rounded-md bg-sky-600 px-4 py-2 text-sm font-medium text-white hover:bg-sky-700 disabled:opacity-60"
          >
            {pending ? "Creating…" : "Create cluster"}
          </button>
        </div>
      </section>
    );
  }

  return (
    <form
      noValidate
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        review();
      }}
    >
      {formError ? (
        <p
          role="alert"
          data-testid="form-error"
          className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {formError}
        </p>
      ) : null}
      <section
        className="flex flex-wrap items-end gap-3 rounded-lg bg-slate-100 p-3 dark:bg-slate-900"
        aria-label="Presets"
      >
        {presets.length ? (
          <label className="text-sm">
            <span className="block font-medium">Start from a preset</span>
            <select
              className={inputClass}
              value=""
              onChange={(e) => e.target.value && applyPreset(e.target.value)}
            >
              <option value="">Choose…</option>
              {presets.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="text-sm">
          <span className="block font-medium">Preset name</span>
          <input className={inputClass} value={presetName} onChange={(e) => setPresetName(e.target.value)} />
        </label>
        <button
          type="button"
          onClick={savePreset}
          disabled={pending || !presetName.trim()}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-50 dark:border-slate-700"
        >
          Save as preset
        </button>
        {presetStatus ? (
          <p role="status" className="text-sm text-slate-600 dark:text-slate-300">
            {presetStatus}
          </p>
        ) : null}
      </section>
      <section className="grid gap-4 sm:grid-cols-2">
        <Field
          id="name"
          label="Cluster name"
          help="Lowercase letters, digits and '-'; up to 63 characters."
          error={errors.name}
        >
          <input
            id="name"
            className={inputClass}
            value={name}
            autoComplete="off"
            aria-invalid={errors.name ? true : undefined}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field
          id="className"
          label="Cluster class"
          help={
            offer?.stack
              ? `Cluster stack ${offer.stack}, release ${offer.release}`
              : "A ClusterClass in your team's namespace"
          }
          error={errors.className}
        >
          <select
            id="className"
            className={inputClass}
            value={className}
            onChange={(e) => changeClass(e.target.value)}
          >
            {offers.map((o) => (
              <option key={o.name} value={o.name} disabled={!o.ready}>
                {o.name}
                {o.versions.length ? ` (Kubernetes ${o.versions.join(", ")})` : ""}
                {o.ready ? "" : " – not ready"}
              </option>
            ))}
          </select>
        </Field>
        <Field id="version" label="Kubernetes version" error={errors.version}>
          <select
            id="version"
            className={inputClass}
            value={version}
            onChange={(e) => setVersion(e.target.value)}
          >
            {(offer?.versions ?? []).map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </Field>
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">Control plane nodes</legend>
          <div className="flex gap-4" role="radiogroup" aria-label="Control plane nodes">
            {[1, 3, 5].map((n) => (
              <label key={n} className="flex items-center gap-1 text-sm">
                <input
                  type="radio"
                  name="controlPlaneReplicas"
                  value={n}
                  checked={controlPlaneReplicas === n}
                  onChange={() => setControlPlaneReplicas(n)}
                />
                {n}
              </label>
            ))}
          </div>
          <p className="text-xs text-slate-500">
            Odd counts keep etcd's quorum: 3 survive one node failure, 5 survive two. 1 is fine for trying
            things out.
          </p>
          {errors.controlPlaneReplicas ? (
            <p role="alert" className="text-xs text-red-700 dark:text-red-400">
              {errors.controlPlaneReplicas}
            </p>
          ) : null}
        </fieldset>
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">Worker pools</h2>
        <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="node-quota">
          {nodeQuota.limit === null
            ? `${requested} worker node(s) requested; your team has no node quota.`
            : `${requested} worker node(s) requested; your team uses ${nodeQuota.used} of ${nodeQuota.limit}.`}
        </p>
        {errors.workers ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {errors.workers}
          </p>
        ) : null}
        {workers.map((w, i) => (
          <WorkerPoolEditor
            // Pools are edited in place; their position is their identity in this form.
            // biome-ignore lint/suspicious/noArrayIndexKey: positional list edited in place
            key={i}
            index={i}
            pool={w}
            workerClasses={offer?.workerClasses ?? []}
            errors={errors}
            onChange={(p) => setWorkers((ws) => ws.map((old, j) => (j === i ? p : old)))}
            onRemove={workers.length > 1 ? () => setWorkers((ws) => ws.filter((_, j) => j !== i)) : undefined}
          />
        ))}
        <button
          type="button"
          className="text-sm text-sky-700 underline dark:text-sky-400"
          onClick={() => setWorkers((ws) => [...ws, newPool(ws.length, offer)])}
          disabled={workers.length >= 10}
        >
          Add worker pool
        </button>
      </section>

      {groups.map(([group, vars]) => (
        <section key={group} className="space-y-3">
          <h2 className="text-lg font-semibold">{group}</h2>
          <div className="grid gap-4 sm:grid-cols-2">
            {vars.map((v) => (
              <VariableField
                key={v.name}
                path={v.name}
                label={v.name}
                schema={v.schema}
                required={v.required}
                value={variables[v.name]}
                errors={errors}
                onChange={(value) =>
                  setVariables((vs) => {
                    const next = { ...vs };
                    if (value === undefined) delete next[v.name];
                    else next[v.name] = value;
                    return next;
                  })
                }
              />
            ))}
          </div>
        </section>
      ))}

      <div className="flex items-center gap-3 border-t border-slate-200 pt-4 dark:border-slate-800">
        <Link href={`/teams/${encodeURIComponent(team)}/clusters`} className="text-sm underline">
          Cancel
        </Link>
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-sky-600 px-4 py-2 text-sm font-medium text-white hover:bg-sky-700 disabled:opacity-60"
        >
          {pending ? "Checking with the management cluster…" : "Review"}
        </button>
      </div>
    </form>
  );
}
