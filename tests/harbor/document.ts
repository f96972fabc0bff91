/**
 * Harbor's own API document (`../shared/reference/harbor/swagger.yaml`, Swagger 2.0, copied from
 * goharbor/harbor) read for tests: request checking, response generation from its schemas, and the
 * comparison of what the console's Harbor client reads with what the document declares. Test code
 * only: nothing here ships.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { z } from "zod";

export const HARBOR_DOCUMENT_PATH = process.env.HARBOR_SWAGGER ?? join(import.meta.dirname, "swagger.yaml");

export type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  example?: unknown;
  maximum?: number;
  minimum?: number;
  "x-nullable"?: boolean;
};

export type Parameter = Schema & {
  $ref?: string;
  name: string;
  in: "query" | "header" | "path" | "body" | "formData";
  required?: boolean;
  default?: unknown;
  schema?: Schema;
};

type Operation = {
  parameters?: Parameter[];
  responses: Record<string, { $ref?: string; schema?: Schema; headers?: Record<string, Schema> }>;
};

export type HarborDocument = {
  basePath: string;
  produces?: string[];
  securityDefinitions?: Record<string, { type: string }>;
  paths: Record<string, Record<string, Operation | Parameter[]>>;
  parameters: Record<string, Parameter>;
  definitions: Record<string, Schema>;
};

/** Reads the document (or a test's modified copy). */
export function loadHarborDocument(file = HARBOR_DOCUMENT_PATH): HarborDocument {
  return parse(readFileSync(file, "utf8")) as HarborDocument;
}

/** Follows `$ref`s (`#/definitions/X`, `#/parameters/X`) to the object they name. */
export function deref<T extends { $ref?: string }>(doc: HarborDocument, node: T): T {
  let cur: T = node;
  for (let hops = 0; cur.$ref && hops < 20; hops++) {
    const parts = cur.$ref.replace(/^#\//, "").split("/");
    // biome-ignore lint/suspicious/noExplicitAny: walking the parsed YAML by a JSON pointer
    let target: any = doc;
    for (const p of parts) target = target?.[p];
    if (target === undefined) throw new Error(`unresolved $ref ${cur.$ref}`);
    // A `$ref` with siblings (Swagger ignores the siblings; `description` is common): the target wins.
    cur = target as T;
  }
  return cur;
}

/** The definition name a schema refers to, if it is a `$ref`. */
function refName(s: Schema): string | undefined {
  return s.$ref?.split("/").at(-1);
}

// --- operations

export type MatchedOperation = {
  template: string;
  method: string;
  operation: Operation;
  parameters: Parameter[];
  pathParams: Record<string, string>;
};

/** The operation a request goes to: its path below `basePath` matched against the templates. */
export function findOperation(
  doc: HarborDocument,
  method: string,
  pathname: string,
): MatchedOperation | null {
  if (!pathname.startsWith(`${doc.basePath}/`)) return null;
  const rest = pathname.slice(doc.basePath.length);
  const m = method.toLowerCase();
  // Literal templates before ones with placeholders, as Harbor's router does.
  const templates = Object.keys(doc.paths).sort((a, b) => a.split("{").length - b.split("{").length);
  for (const template of templates) {
    const names: string[] = [];
    const re = new RegExp(
      `^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_, n: string) => {
        names.push(n);
        return "([^/]+)";
      })}$`,
    );
    const hit = re.exec(rest);
    if (!hit) continue;
    const item = doc.paths[template] ?? {};
    const operation = item[m] as Operation | undefined;
    if (!operation) continue;
    const shared = (Array.isArray(item.parameters) ? item.parameters : []) as Parameter[];
    const parameters = [...shared, ...(operation.parameters ?? [])].map((p) => deref(doc, p));
    const pathParams = Object.fromEntries(names.map((n, i) => [n, hit[i + 1] ?? ""]));
    return { template, method: m, operation, parameters, pathParams };
  }
  return null;
}

/** The 200 response's schema and declared headers of an operation. */
export function okResponse(doc: HarborDocument, op: Operation): { schema?: Schema; headers: string[] } {
  const r = op.responses["200"];
  if (!r) return { headers: [] };
  const res = deref(doc, r);
  return { schema: res.schema, headers: Object.keys(res.headers ?? {}).map((h) => h.toLowerCase()) };
}

// Headers every HTTP client sends, or that the document covers outside `parameters`.
const TRANSPORT_HEADERS = new Set([
  "host",
  "connection",
  "accept-encoding",
  "accept-language",
  "sec-fetch-mode",
  "content-length",
]);

function checkValue(p: Parameter, value: string): string | undefined {
  if (p.type === "integer") {
    if (!/^-?\d+$/.test(value)) return `${p.name}=${value} is not an integer`;
    const n = Number(value);
    if (p.maximum !== undefined && n > p.maximum) return `${p.name}=${n} is over the maximum ${p.maximum}`;
    if (p.minimum !== undefined && n < p.minimum) return `${p.name}=${n} is under the minimum ${p.minimum}`;
  } else if (p.type === "boolean") {
    if (value !== "true" && value !== "false") return `${p.name}=${value} is not a boolean`;
  } else if (p.type === "string") {
    if (p.enum && !p.enum.includes(value)) return `${p.name}=${value} is not one of ${p.enum.join(", ")}`;
    const min = (p as { minLength?: number }).minLength;
    if (min !== undefined && value.length < min) return `${p.name} is shorter than ${min}`;
  }
  return undefined;
}

export type RequestCheck = { operation?: string; problems: string[]; checkedParameters: string[] };

/**
 * Whether a request is one the document describes: the path and method exist, every query
 * parameter and header is declared for the operation with a value of its type and within its
 * limits, required ones are there, and path parameters are encoded as the document says.
 */
export function checkRequest(
  doc: HarborDocument,
  req: { method: string; url: string; headers: Record<string, string | string[] | undefined> },
): RequestCheck {
  const url = new URL(req.url, "http://harbor.test");
  const found = findOperation(doc, req.method, url.pathname);
  if (!found)
    return { problems: [`${req.method} ${url.pathname} is not in the document`], checkedParameters: [] };
  const operation = `${found.method.toUpperCase()} ${found.template}`;
  const problems: string[] = [];
  const checked: string[] = [];
  const byIn = (where: Parameter["in"]) => found.parameters.filter((p) => p.in === where);

  for (const [name, value] of url.searchParams) {
    const p = byIn("query").find((q) => q.name === name);
    if (!p) {
      problems.push(`${operation}: query parameter ${name} is not declared`);
      continue;
    }
    checked.push(`query:${name}`);
    const bad = checkValue(p, value);
    if (bad) problems.push(`${operation}: ${bad}`);
  }
  for (const [name, raw] of Object.entries(req.headers)) {
    const lower = name.toLowerCase();
    if (TRANSPORT_HEADERS.has(lower)) continue;
    const value = Array.isArray(raw) ? raw.join(", ") : (raw ?? "");
    if (lower === "accept") {
      const produces = doc.produces ?? [];
      if (!value.split(",").some((v) => produces.includes(v.split(";")[0]?.trim() ?? "")))
        problems.push(`${operation}: Accept ${value} is not among ${produces.join(", ")}`);
      checked.push("header:accept");
      continue;
    }
    if (lower === "authorization") {
      const schemes = Object.values(doc.securityDefinitions ?? {}).map((s) => s.type);
      if (!(value.startsWith("Basic ") && schemes.includes("basic")))
        problems.push(`${operation}: Authorization scheme ${value.split(" ")[0]} is not declared`);
      checked.push("header:authorization");
      continue;
    }
    if (lower === "user-agent") continue;
    const p = byIn("header").find((h) => h.name.toLowerCase() === lower);
    if (!p) {
      problems.push(`${operation}: header ${name} is not declared`);
      continue;
    }
    checked.push(`header:${p.name}`);
    const bad = checkValue(p, value);
    if (bad) problems.push(`${operation}: ${bad}`);
  }
  for (const p of found.parameters) {
    if (!p.required) continue;
    const present =
      p.in === "path"
        ? found.pathParams[p.name] !== undefined
        : p.in === "query"
          ? url.searchParams.has(p.name)
          : p.in === "header"
            ? req.headers[p.name.toLowerCase()] !== undefined
            : true;
    if (!present) problems.push(`${operation}: required ${p.in} parameter ${p.name} is missing`);
  }
  for (const [name, raw] of Object.entries(found.pathParams)) {
    const p = byIn("path").find((q) => q.name === name);
    if (!p) {
      problems.push(`${operation}: path parameter ${name} is not declared`);
      continue;
    }
    checked.push(`path:${name}`);
    // What the router sees after one decoding must not split the path (Harbor's rule for `a/b`).
    let once: string;
    try {
      once = decodeURIComponent(raw);
    } catch {
      problems.push(`${operation}: path parameter ${name} is not URL-encoded`);
      continue;
    }
    if (once.includes("/")) problems.push(`${operation}: ${name} carries a bare slash after one decoding`);
    const bad = checkValue(p, once);
    if (bad) problems.push(`${operation}: ${bad}`);
  }
  return { operation, problems, checkedParameters: checked };
}

// --- response generation

export type Variant = "full" | "required" | "nulls" | "extra";

export type GenerateOptions = {
  /** Keys for a map (`additionalProperties`) by definition name; default: the example's keys or `key-1`. */
  mapKeys?: Record<string, string[]>;
  /** Values for properties by `Definition.property`, e.g. `Artifact.digest`. */
  values?: Record<string, (n: number) => unknown>;
  /** How many items an array gets. */
  arrayLength?: number;
};

/**
 * A value of `schema` generated from the document. `full`: every property; `required`: only the
 * required ones; `nulls`: every property, `null` where `x-nullable`; `extra`: every property plus
 * properties the document does not name, at every level. Deterministic: numbers and times count up.
 */
export function generate(
  doc: HarborDocument,
  schema: Schema,
  variant: Variant,
  opts: GenerateOptions = {},
): unknown {
  let counter = 0;
  const next = () => ++counter;
  const walk = (
    node: Schema,
    owner: string | undefined,
    prop: string | undefined,
    depth: number,
  ): unknown => {
    const name = refName(node) ?? owner;
    const s = deref(doc, node);
    const custom = owner && prop ? opts.values?.[`${owner}.${prop}`] : undefined;
    if (custom) return custom(next());
    if (variant === "nulls" && (node["x-nullable"] || s["x-nullable"]) && depth > 0) return null;
    if (s.enum?.length) return s.enum[next() % s.enum.length];
    const type = s.type ?? (s.properties || s.additionalProperties ? "object" : undefined);
    switch (type) {
      case "integer":
      case "number":
        return next();
      case "boolean":
        return next() % 2 === 0;
      case "string": {
        const n = next();
        if (s.format === "date-time")
          return new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + n * 3_600_000).toISOString();
        return `${prop ?? name ?? "value"}-${n}`;
      }
      case "array": {
        if (!s.items || depth > 6) return [];
        const length = opts.arrayLength ?? 2;
        return Array.from({ length }, () => walk(s.items as Schema, name, undefined, depth + 1));
      }
      case "object": {
        const out: Record<string, unknown> = {};
        if (depth > 6) return out;
        for (const [key, child] of Object.entries(s.properties ?? {})) {
          if (variant === "required" && !s.required?.includes(key)) continue;
          out[key] = walk(child, refName(node) ?? name, key, depth + 1);
        }
        if (s.additionalProperties && typeof s.additionalProperties === "object" && variant !== "required") {
          const example = s.example && typeof s.example === "object" ? Object.keys(s.example) : undefined;
          const keys = (name && opts.mapKeys?.[name]) ?? example ?? ["key-1"];
          for (const key of keys) out[key] = walk(s.additionalProperties, undefined, key, depth + 1);
        }
        if (variant === "extra") {
          if (s.properties) {
            out.x_unknown_field = `unknown-${next()}`;
            out.x_unknown_object = { nested: [1, "two", null] };
          } else if (s.additionalProperties && typeof s.additionalProperties === "object") {
            // A map gets an entry under a key nobody told the client about, of the documented kind.
            out["x-unknown-key"] = walk(s.additionalProperties, undefined, "x-unknown-key", depth + 1);
          }
        }
        return out;
      }
      default:
        // An untyped schema (`{}`) admits anything.
        return { any: `value-${next()}` };
    }
  };
  return walk(schema, undefined, undefined, 0);
}

// --- the client's reading against the document

type ZodDef = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  in?: z.ZodType;
};
const def = (t: z.ZodType) => (t as unknown as { _zod: { def: ZodDef } })._zod.def;

/** Unwraps optional, nullable, catch, default and pipes to the schema that reads the value. */
function core(t: z.ZodType): z.ZodType {
  let cur = t;
  for (;;) {
    const d = def(cur);
    if (d.innerType && ["optional", "nullable", "catch", "default", "prefault", "readonly"].includes(d.type))
      cur = d.innerType;
    else if (d.type === "pipe" && d.in) cur = d.in;
    else return cur;
  }
}

export type SchemaCheck = { problems: string[]; fields: number; definitions: Set<string> };

/**
 * Every field the client's zod schema reads exists in the document's schema at the same place,
 * with a compatible type. A renamed or retyped field in the document is a problem.
 */
export function compareReading(
  doc: HarborDocument,
  where: string,
  client: z.ZodType,
  documented: Schema,
): SchemaCheck {
  const out: SchemaCheck = { problems: [], fields: 0, definitions: new Set() };
  const walk = (path: string, zt: z.ZodType, node: Schema) => {
    const name = refName(node);
    if (name) out.definitions.add(name);
    const s = deref(doc, node);
    const z0 = core(zt);
    const d = def(z0);
    const docType = s.type ?? (s.properties || s.additionalProperties ? "object" : undefined);
    switch (d.type) {
      case "object": {
        if (docType !== "object")
          return void out.problems.push(`${path}: the client reads an object, the document has ${docType}`);
        for (const [key, child] of Object.entries(d.shape ?? {})) {
          out.fields++;
          const prop = s.properties?.[key];
          if (!prop) {
            out.problems.push(
              `${path}.${key}: read by the client, not in the document${name ? ` (${name})` : ""}`,
            );
            continue;
          }
          walk(`${path}.${key}`, child, prop);
        }
        return;
      }
      case "record": {
        if (docType !== "object" || typeof s.additionalProperties !== "object")
          return void out.problems.push(
            `${path}: the client reads a map, the document has no additionalProperties`,
          );
        if (d.valueType) walk(`${path}[*]`, d.valueType, s.additionalProperties);
        return;
      }
      case "array":
        if (docType !== "array" || !s.items)
          return void out.problems.push(`${path}: the client reads a list, the document has ${docType}`);
        if (d.element) walk(`${path}[]`, d.element, s.items);
        return;
      case "string":
        if (docType !== "string")
          out.problems.push(`${path}: the client reads a string, the document has ${docType}`);
        return;
      case "number":
      case "int":
        if (docType !== "integer" && docType !== "number")
          out.problems.push(`${path}: the client reads a number, the document has ${docType}`);
        return;
      case "boolean":
        if (docType !== "boolean")
          out.problems.push(`${path}: the client reads a boolean, the document has ${docType}`);
        return;
      default:
        out.problems.push(`${path}: the client reads a ${d.type}, which this check does not compare`);
    }
  };
  walk(where, client, documented);
  return out;
}

/**
 * What the client would show of a generated value: the same value cut down to the fields `client`
 * reads, with `null` (where the document allows it) read as missing. Used to check that parsing
 * loses nothing the pages show.
 */
export function readable(value: unknown, client: z.ZodType): unknown {
  if (value === null || value === undefined) return undefined;
  const d = def(core(client));
  if (d.type === "object" && typeof value === "object" && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(d.shape ?? {})) {
      const v = readable((value as Record<string, unknown>)[key], child);
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
  if (d.type === "record" && typeof value === "object" && d.valueType) {
    const vt = d.valueType;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, readable(v, vt)]),
    );
  }
  if (d.type === "array" && Array.isArray(value) && d.element) {
    const el = d.element;
    return value.map((v) => readable(v, el));
  }
  return value;
}

/**
 * The fields `client` reads that are empty in `parsed`: for a response generated with every
 * documented field, each is a field the pages would show as missing.
 */
export function emptyReads(parsed: unknown, client: z.ZodType, path = ""): string[] {
  const d = def(core(client));
  if (d.type === "object") {
    if (!parsed || typeof parsed !== "object") return [path || "(value)"];
    return Object.entries(d.shape ?? {}).flatMap(([key, child]) => {
      const v = (parsed as Record<string, unknown>)[key];
      return v === undefined || v === null ? [`${path}.${key}`] : emptyReads(v, child, `${path}.${key}`);
    });
  }
  if (d.type === "array" && d.element && Array.isArray(parsed))
    return parsed.length ? emptyReads(parsed[0], d.element, `${path}[]`) : [`${path}[]`];
  if (d.type === "record" && d.valueType && parsed && typeof parsed === "object") {
    const first = Object.values(parsed)[0];
    return first === undefined ? [`${path}[*]`] : emptyReads(first, d.valueType, `${path}[*]`);
  }
  return [];
}

/** Drops `undefined` and `null` members, so parsed and expected values compare by what they show. */
export function shown(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shown);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => [k, shown(v)]),
    );
  }
  return value;
}
