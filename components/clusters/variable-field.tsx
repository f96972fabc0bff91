"use client";

import { useLocale, useTranslations } from "next-intl";
import { Field, FieldError, inputClass } from "@/components/ui/field.tsx";
import { variableText } from "@/lib/capi/variable-text.ts";
import { initialValue, type VariableSchema } from "@/lib/capi/variables.ts";

type Props = {
  /** Error key and id path, e.g. `workerRootDisk` or `oidcConfig.issuerURL`. */
  path: string;
  /** The variable's (or property's) name: the label is derived from it where the class gives none. */
  name: string;
  /** A label that replaces the class's, e.g. for the n-th item of a list. */
  label?: string;
  schema: VariableSchema;
  required: boolean;
  value: unknown;
  errors: Record<string, string>;
  onChange: (value: unknown) => void;
};

const idFor = (path: string) => `var-${path.replace(/[^A-Za-z0-9_-]/g, "-")}`;

type Translate = ((key: string, values?: Record<string, string | number>) => string) & {
  has: (key: string) => boolean;
};

/**
 * The words of a variable in the reader's language. The class's own texts are English: in English
 * its title and description come first, then the console's catalog (the SCS stack's variables),
 * then a label derived from the name; in German the catalog comes first.
 */
function useVariableWords(name: string, schema: VariableSchema, nested: boolean) {
  const t = useTranslations("variables");
  const all = useTranslations() as unknown as Translate;
  const german = useLocale() !== "en";
  const text = variableText(name, schema);
  const labelKey = nested ? `classProperties.${name}` : `classVariables.${name}.label`;
  const descriptionKey = `classVariables.${name}.description`;
  const catalogLabel = all.has(labelKey) ? all(labelKey) : null;
  const catalogDescription = !nested && all.has(descriptionKey) ? all(descriptionKey) : null;
  const label =
    (german ? catalogLabel : null) ??
    (text.labelSource === "class" ? text.label : null) ??
    catalogLabel ??
    text.label;
  const description = (german ? catalogDescription : null) ?? text.description ?? catalogDescription;

  const unit = (v: string | number) => (text.unit ? t("withUnit", { value: v, unit: text.unit }) : String(v));
  const bits: string[] = [];
  if (description) bits.push(description);
  const r = text.range;
  if (r) {
    const u = (v: number) => (r.of === "value" ? unit(v) : String(v));
    if (r.min !== null && r.max !== null)
      bits.push(t(`range.${r.of}.between`, { min: u(r.min), max: u(r.max) }));
    else if (r.min !== null) bits.push(t(`range.${r.of}.min`, { min: u(r.min) }));
    else if (r.max !== null) bits.push(t(`range.${r.of}.max`, { max: u(r.max) }));
  }
  if (text.defaultText !== null) bits.push(t("default", { value: unit(text.defaultText) }));
  if (text.example !== null) bits.push(t("example", { value: text.example }));
  return { t, text, label, help: bits.length ? bits.join(" ") : null };
}

/** A form control generated from a ClusterClass variable's OpenAPI schema (recursive). */
export function VariableField({
  path,
  name,
  label: labelOverride,
  schema,
  required,
  value,
  errors,
  onChange,
}: Props) {
  const id = idFor(path);
  const words = useVariableWords(name, schema, path.includes(".") || path.includes("["));
  const { t, text } = words;
  const label = labelOverride ?? words.label;
  const error = errors[`variables.${path}`] ?? null;
  const help = words.help;
  const describedBy = [help ? `${id}-help` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  const aria = {
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy || undefined,
  };
  const title = `${label}${text.unit && !labelOverride ? ` (${text.unit})` : ""}${required ? " *" : ""}`;

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
          {required ? null : <option value="">{t("notSet")}</option>}
          {schema.enum.map((opt) => (
            // The class's schema values, as the class names them.
            <option key={JSON.stringify(opt)} value={JSON.stringify(opt)} data-i18n-ignore>
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
          {help ? (
            <p id={`${id}-help`} className="text-xs text-slate-500">
              {help}
            </p>
          ) : null}
          <FieldError id={`${id}-error`} error={error} />
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
                  name={name}
                  label={t("item", { label, n: i + 1 })}
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
                  {t("remove", { label, n: i + 1 })}
                </button>
              </div>
            ))}
            <button
              type="button"
              className="text-sm text-sky-700 underline dark:text-sky-400"
              onClick={() => onChange([...items, initialValue(itemSchema) ?? {}])}
              disabled={schema.maxItems !== undefined && items.length >= schema.maxItems}
            >
              {t("add", { label })}
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
        <Field
          id={id}
          label={t("oneLine", { label: title })}
          help={help}
          error={error ?? itemErrors[0] ?? null}
        >
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
              {t("set", { label })}
            </label>
          )}
          {obj !== undefined || required
            ? props.map(([key, propSchema]) => (
                <VariableField
                  key={key}
                  path={`${path}.${key}`}
                  name={key}
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
