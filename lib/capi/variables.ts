/**
 * ClusterClass variables: their OpenAPI schemas (the subset Cluster API allows), the defaults a
 * form starts from, and a validator that reports errors by field path before the API server's
 * own check (which stays the authority: the console dry-runs every write).
 */
import { type ActionWords, says } from "../action-words.ts";

/** The part of a ClusterClass variable's OpenAPI v3 schema the console understands. */
export type VariableSchema = {
  type?: "string" | "integer" | "number" | "boolean" | "object" | "array";
  title?: string;
  description?: string;
  default?: unknown;
  example?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: VariableSchema;
  properties?: Record<string, VariableSchema>;
  required?: string[];
  additionalProperties?: VariableSchema | boolean;
  "x-metadata"?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  "x-kubernetes-preserve-unknown-fields"?: boolean;
};

/** One variable a cluster class offers. */
export type ClassVariable = { name: string; required: boolean; schema: VariableSchema; group: string };

const GROUP_ANNOTATION = "kaas.scs.community/group";

/** A variable as ClusterClass `spec.variables` or `status.variables` carries it. */
export type RawVariable = {
  name: string;
  required?: boolean;
  schema?: { openAPIV3Schema?: VariableSchema };
  definitions?: { required?: boolean; schema?: { openAPIV3Schema?: VariableSchema } }[];
  metadata?: { annotations?: Record<string, string> };
  deprecatedV1Beta1Metadata?: { annotations?: Record<string, string> };
};

/**
 * The variables of a ClusterClass, from `status.variables` (what Cluster API validated, and
 * where patches' external variables appear) or else `spec.variables`.
 */
export function classVariables(cc: {
  spec?: { variables?: RawVariable[] };
  status?: { variables?: RawVariable[] };
}): ClassVariable[] {
  const raw = cc.status?.variables?.length ? cc.status.variables : (cc.spec?.variables ?? []);
  return raw.map((v) => {
    const def = v.definitions?.[0];
    const schema = def?.schema?.openAPIV3Schema ?? v.schema?.openAPIV3Schema ?? {};
    const annotations = {
      ...v.deprecatedV1Beta1Metadata?.annotations,
      ...v.metadata?.annotations,
      ...schema["x-metadata"]?.annotations,
    };
    return {
      name: v.name,
      required: def?.required ?? v.required ?? false,
      schema,
      group: annotations[GROUP_ANNOTATION] ?? "General",
    };
  });
}

/** The value a form starts with for a schema: its default, else an empty value of its type. */
export function initialValue(schema: VariableSchema): unknown {
  if (schema.default !== undefined) return structuredClone(schema.default);
  switch (schema.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(schema.properties ?? {})) {
        const v = initialValue(s);
        if (v !== undefined) out[k] = v;
      }
      return Object.keys(out).length ? out : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A validation error: the path inside the variable's value (`""` for the value itself) and what is
 * wrong, as catalog words (`actionErrors.var*`): pages say it in the reader's language with their
 * own translator, the API and the CLI in English (lib/errors `inEnglish`).
 */
export type VariableError = { path: string; say: ActionWords };

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function join(path: string, key: string | number): string {
  return typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

/** Validates a value against a variable schema; returns every error found, with its path. */
export function validateValue(schema: VariableSchema, value: unknown, path = ""): VariableError[] {
  const errors: VariableError[] = [];
  const t = typeOf(value);
  if (schema.type) {
    const ok = schema.type === "number" ? t === "number" || t === "integer" : t === schema.type;
    if (!ok) return [{ path, say: says("varType", { type: schema.type }) }];
  }
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errors.push({
      path,
      say: says("varOneOf", { choices: schema.enum.map((e) => JSON.stringify(e)).join(", ") }),
    });
  }
  if (typeof value === "number") {
    if (
      schema.minimum !== undefined &&
      (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum)
    ) {
      errors.push({
        path,
        say: says(schema.exclusiveMinimum ? "varGreaterThan" : "varAtLeast", { bound: schema.minimum }),
      });
    }
    if (
      schema.maximum !== undefined &&
      (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum)
    ) {
      errors.push({
        path,
        say: says(schema.exclusiveMaximum ? "varLessThan" : "varAtMost", { bound: schema.maximum }),
      });
    }
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      errors.push({
        path,
        say: schema.minLength === 1 ? says("varRequired") : says("varMinLength", { count: schema.minLength }),
      });
    }
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      errors.push({ path, say: says("varMaxLength", { count: schema.maxLength }) });
    }
    if (schema.pattern && !new RegExp(schema.pattern, "u").test(value)) {
      errors.push({ path, say: says("varPattern", { pattern: schema.pattern }) });
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      errors.push({ path, say: says("varMinItems", { count: schema.minItems }) });
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      errors.push({ path, say: says("varMaxItems", { count: schema.maxItems }) });
    }
    if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) {
      errors.push({ path, say: says("varUnique") });
    }
    const items = schema.items;
    if (items) {
      for (const [i, item] of value.entries()) errors.push(...validateValue(items, item, join(path, i)));
    }
  }
  if (t === "object") {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (obj[key] === undefined || obj[key] === "")
        errors.push({ path: join(path, key), say: says("varRequired") });
    }
    for (const [key, v] of Object.entries(obj)) {
      const prop = schema.properties?.[key];
      if (prop) {
        if (v !== undefined) errors.push(...validateValue(prop, v, join(path, key)));
      } else if (schema.properties && schema.additionalProperties === false) {
        errors.push({ path: join(path, key), say: says("varUnknownField") });
      } else if (typeof schema.additionalProperties === "object") {
        errors.push(...validateValue(schema.additionalProperties, v, join(path, key)));
      }
    }
  }
  return errors;
}

/**
 * Validates every variable value of a form: required variables must be set, set values must
 * fit their schema. Returns errors keyed by `<variable>` or `<variable>.<path>`.
 */
export function validateVariables(
  variables: ClassVariable[],
  values: Record<string, unknown>,
): Record<string, ActionWords> {
  const out: Record<string, ActionWords> = {};
  for (const v of variables) {
    const value = values[v.name];
    if (value === undefined || value === "") {
      if (v.required) out[v.name] = says("varRequired");
      continue;
    }
    for (const e of validateValue(v.schema, value)) {
      const key = e.path ? (e.path.startsWith("[") ? `${v.name}${e.path}` : `${v.name}.${e.path}`) : v.name;
      out[key] ??= e.say;
    }
  }
  return out;
}
