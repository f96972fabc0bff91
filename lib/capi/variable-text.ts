/**
 * What a create form says about a ClusterClass variable, from the class itself: its label, help,
 * default, unit, example and range. Returned as structured data (no sentences) so the form can put
 * it in either language; the class's own texts are passed through as the class wrote them.
 */
import type { VariableSchema } from "./variables.ts";

/** Annotations (on the variable's metadata or the schema's `x-metadata`) a class may use for its texts. */
export const LABEL_ANNOTATION = "kaas.scs.community/label";
export const UNIT_ANNOTATION = "kaas.scs.community/unit";
export const EXAMPLE_ANNOTATION = "kaas.scs.community/example";

/** Words written in capitals (or their own mixed case) in a label; keys in lower case. */
const ACRONYMS: Record<string, string> = {
  api: "API",
  az: "AZ",
  ca: "CA",
  cidr: "CIDR",
  cidrs: "CIDRs",
  cni: "CNI",
  cpu: "CPU",
  csi: "CSI",
  dns: "DNS",
  gib: "GiB",
  gpu: "GPU",
  http: "HTTP",
  https: "HTTPS",
  id: "ID",
  ids: "IDs",
  ip: "IP",
  ips: "IPs",
  mib: "MiB",
  mtu: "MTU",
  ntp: "NTP",
  oidc: "OIDC",
  san: "SAN",
  sans: "SANs",
  ssh: "SSH",
  tib: "TiB",
  tls: "TLS",
  url: "URL",
  urls: "URLs",
  uuid: "UUID",
};

/** Proper names that keep their capital inside a label. */
const PROPER: Record<string, string> = {
  amphora: "Amphora",
  kubernetes: "Kubernetes",
  octavia: "Octavia",
  openstack: "OpenStack",
  ovn: "OVN",
};

/**
 * A readable label from a camelCase (or snake_case, kebab-case) variable name:
 * `apiServerLoadBalancer` → "API server load balancer", `certSANs` → "Cert SANs".
 */
export function labelFromName(name: string): string {
  const tokens =
    name.match(/GiB|MiB|TiB|[A-Z]{2,}s(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+/g) ?? [];
  if (tokens.length === 0) return name;
  const words = tokens.map((t) => {
    const lower = t.toLowerCase();
    return ACRONYMS[lower] ?? PROPER[lower] ?? (/^[A-Z]{2,}$/.test(t) ? t : lower);
  });
  const first = words[0] ?? "";
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return words.join(" ");
}

/** A unit the form shows beside a number, found in the class's texts. */
const UNIT_IN_NAME = /(GiB|MiB|TiB|GB|MB|Seconds|Minutes|Hours)$/;
const UNIT_IN_TEXT = /\bin (GiB|MiB|TiB|GB|MB|seconds|minutes|hours)\b/;

/** Where a label came from: the class's own words, or derived from the variable's name. */
export type LabelSource = "class" | "name";

export type VariableText = {
  label: string;
  labelSource: LabelSource;
  /** The class's description, as written (untrusted: render as text). */
  description: string | null;
  /** The default as the form shows it; null where there is none worth a line (absent or empty). */
  defaultText: string | null;
  unit: string | null;
  example: string | null;
  /** Bounds of a number, or of a string's length, or of an array's item count. */
  range: { of: "value" | "length" | "items"; min: number | null; max: number | null } | null;
  /** The allowed values, when the schema lists them. */
  choices: string[] | null;
};

type Metadata = Record<string, string>;

function shown(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (Array.isArray(value)) return value.length ? value.map((v) => shown(v) ?? "").join(", ") : null;
  if (typeof value === "object") return Object.keys(value).length ? JSON.stringify(value) : null;
  return String(value);
}

/**
 * The texts of one variable (or one property of an object variable, with its key as `name`):
 * label from `title` or the `kaas.scs.community/label` annotation, else from the name; help from
 * `description`; the default only when there is one (not for an empty string, list or object);
 * unit and example from the schema, its annotations, or the name and description (`sizeGiB`,
 * "… in GiB").
 */
export function variableText(name: string, schema: VariableSchema, annotations: Metadata = {}): VariableText {
  const meta = { ...annotations, ...schema["x-metadata"]?.annotations };
  const classLabel = schema.title?.trim() || meta[LABEL_ANNOTATION]?.trim();
  const description = schema.description?.trim() || null;
  const unit =
    meta[UNIT_ANNOTATION]?.trim() ||
    name.match(UNIT_IN_NAME)?.[1] ||
    description?.match(UNIT_IN_TEXT)?.[1] ||
    null;
  const example = shown(schema.example) ?? (meta[EXAMPLE_ANNOTATION]?.trim() || null);
  let range: VariableText["range"] = null;
  if (schema.minimum !== undefined || schema.maximum !== undefined) {
    range = { of: "value", min: schema.minimum ?? null, max: schema.maximum ?? null };
  } else if ((schema.minLength ?? 0) > 1 || schema.maxLength !== undefined) {
    range = { of: "length", min: schema.minLength ?? null, max: schema.maxLength ?? null };
  } else if (schema.minItems !== undefined || schema.maxItems !== undefined) {
    range = { of: "items", min: schema.minItems ?? null, max: schema.maxItems ?? null };
  }
  return {
    label: classLabel || labelFromName(name),
    labelSource: classLabel ? "class" : "name",
    description,
    defaultText:
      schema.default !== null && typeof schema.default === "object" && !Array.isArray(schema.default)
        ? null
        : shown(schema.default),
    unit,
    example,
    range,
    choices: schema.enum ? schema.enum.map((e) => String(e)) : null,
  };
}
