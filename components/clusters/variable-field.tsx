"use client";

import { Field, FieldError, inputClass } from "@/components/ui/field.tsx";
import { initialValue, type VariableSchema } from "@/lib/capi/variables.ts";

type Props = {
  /** Error key and id path, e.g. `workerRootDisk` or `oidcConfig.issuerURL`. */
  path: string;
  label: string;
  schema: VariableSchema;
  required: boolean;
  value: unknown;
  errors: Record<string, string>;
  onChange: (value: unknown) => void;
};

const idFor = (path: string) => `var-${path.replace(/[^A-Za-z0-9_-]/g, "-")}`;

function helpText(schema: VariableSchema): string | null {
  const bits: string[] = [];
  if (schema.description) bits.push(schema.description);
  if (schema.minimum !== undefined || schema.maximum !== undefined) {
    bits.push(`Range ${schema.minimum ?? "…"}–${schema.maximum ?? "…"}.`);
  }
  if (schema.default !== undefined && typeof schema.default !== "object")
    bits.push(`Default: ${String(schema.default)}.`);
  return bits.length ? bits.join(" ") : null;
}

/** A form control generated from a ClusterClass variable's OpenAPI schema (recursive). */
export function VariableField({ path, label, schema, required, value, errors, onChange }: Props) {
  const id = idFor(path);
  const error = errors[`variables.${path}`] ?? null;
  const aria = {
    "aria-invalid": error ? true : undefined,
    "aria-describedby": `${id}-help ${error ? `${id}-error` : ""}`.trim(),
  };
  const help = helpText(schema);
  const title = `${label}${required ? " *" : ""}`;

  if (schema.enum) {
    return (
      <Field id={id} label={title} help={help} error={error}>
        <select
          id={id}
          className={inputClass}
          value={value === undefined ? "" : JSON.stringify(value)}
          onChange={(e) => onChange(e.target.value === "" ? undefined : JSON.parse(e.target.value))}
          {...aria}
        >
          {required ? null : <option value="">(not set)</option>}
          {schema.enum.map((opt) => (
            <option key={JSON.stringify(opt)} value={JSON.stringify(opt)}>
              {String(opt)}
            </option>
          ))}
        </select>
      </Field>
    );
  }

  switch (schema.type) {
    case "boolean":
      return (
        <div className="space-y-1">
          <label className="flex items-center gap-2 text-sm font-medium" htmlFor={id}>
            <input
              id={id}
              type="checkbox"
              checked={value === true}
              onChange={(e) => onChange(e.target.checked)}
              {...aria}
            />
            {title}
          </label>
          {help ? <p className="text-xs text-slate-500">{help}</p> : null}
          <FieldError error={error} />
        </div>
      );
    case "integer":
    case "number":
      return (
        <Field id={id} label={title} help={help} error={error}>
          <input
            id={id}
            type="number"
            inputMode="numeric"
            className={inputClass}
            min={schema.minimum}
            max={schema.maximum}
            step={schema.type === "integer" ? 1 : "any"}
            value={typeof value === "number" ? value : ""}
            onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
            {...aria}
          />
        </Field>
      );
    case "array": {
      const items = Array.isArray(value) ? value : [];
      const itemSchema = schema.items ?? { type: "string" };
      if (itemSchema.type === "object") {
        return (
          <fieldset className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-800">
            <legend className="px-1 text-sm font-medium">{title}</legend>
            {help ? <p className="text-xs text-slate-500">{help}</p> : null}
            {items.map((item, i) => (
              // Items have no identity of their own; their position is their key.
              // biome-ignore lint/suspicious/noArrayIndexKey: positional list edited in place
              <div key={i} className="rounded border border-slate-200 p-2 dark:border-slate-800">
                <VariableField
                  path={`${path}[${i}]`}
                  label={`${label} ${i + 1}`}
                  schema={itemSchema}
                  required
                  value={item}
                  errors={errors}
                  onChange={(v) => onChange(items.map((old, j) => (j === i ? v : old)))}
                />
                <button
                  type="button"
                  className="mt-2 text-xs text-red-700 underline dark:text-red-400"
                  onClick={() => onChange(items.filter((_, j) => j !== i))}
                >
                  Remove {label} {i + 1}
                </button>
              </div>
            ))}
            <button
              type="button"
              className="text-sm text-sky-700 underline dark:text-sky-400"
              onClick={() => onChange([...items, initialValue(itemSchema) ?? {}])}
              disabled={schema.maxItems !== undefined && items.length >= schema.maxItems}
            >
              Add {label}
            </button>
            <FieldError error={error} />
          </fieldset>
        );
      }
      const itemErrors = items
        .map((_, i) => errors[`variables.${path}[${i}]`])
        .filter((e): e is string => !!e)
        .map((e) => `${e}`);
      return (
        <Field id={id} label={`${title} (one per line)`} help={help} error={error ?? itemErrors[0] ?? null}>
          <textarea
            id={id}
            rows={Math.max(2, items.length + 1)}
            className={`${inputClass} font-mono`}
            value={items.map(String).join("\n")}
            onChange={(e) => {
              // Empty lines are kept while typing; the form drops them before it submits.
              const lines = e.target.value === "" ? [] : e.target.value.split("\n");
              const numeric = itemSchema.type === "integer" || itemSchema.type === "number";
              onChange(lines.map((l) => (numeric && l !== "" ? Number(l) : l)));
            }}
            {...aria}
          />
        </Field>
      );
    }
    case "object": {
      const obj = value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
      const props = Object.entries(schema.properties ?? {});
      return (
        <fieldset className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-800">
          <legend className="px-1 text-sm font-medium">{title}</legend>
          {help ? <p className="text-xs text-slate-500">{help}</p> : null}
          {required ? null : (
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={obj !== undefined}
                onChange={(e) =>
                  onChange(
                    e.target.checked ? (initialValue({ ...schema, default: undefined }) ?? {}) : undefined,
                  )
                }
              />
              Set {label}
            </label>
          )}
          {obj !== undefined || required
            ? props.map(([key, propSchema]) => (
                <VariableField
                  key={key}
                  path={`${path}.${key}`}
                  label={key}
                  schema={propSchema}
                  required={schema.required?.includes(key) ?? false}
                  value={obj?.[key]}
                  errors={errors}
                  onChange={(v) => {
                    const next = { ...obj };
                    if (v === undefined || v === "") delete next[key];
                    else next[key] = v;
                    onChange(next);
                  }}
                />
              ))
            : null}
          <FieldError error={error} />
        </fieldset>
      );
    }
    default:
      return (
        <Field id={id} label={title} help={help} error={error}>
          <input
            id={id}
            type="text"
            className={inputClass}
            value={typeof value === "string" ? value : ""}
            maxLength={schema.maxLength}
            onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
            {...aria}
          />
        </Field>
      );
  }
}
