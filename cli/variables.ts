/**
 * `kaas clusters create --var name=value`: values read by the type the class's variable schema
 * declares, checked against the class's variables, and `--help` with `--class` listing them. Pure:
 * the class comes from `GET /api/v1/teams/{team}/classes`; the API server still checks everything.
 */

/** A class variable as the API lists it. */
export type ClassVariable = {
  name: string;
  required: boolean;
  group: string;
  schema: Record<string, unknown>;
};

/** The schema's type (the first non-null one of a list), or undefined. */
function typeOf(schema: Record<string, unknown>): string | undefined {
  const t = schema.type;
  if (Array.isArray(t)) return t.find((x): x is string => typeof x === "string" && x !== "null");
  return typeof t === "string" ? t : undefined;
}

/** One `--var` value as the variable's type wants it, or an error message. */
export function parseValue(v: ClassVariable, text: string): { value: unknown } | { error: string } {
  const type = typeOf(v.schema);
  switch (type) {
    case "integer":
    case "number": {
      const n = Number(text);
      if (text.trim() === "" || !Number.isFinite(n) || (type === "integer" && !Number.isInteger(n)))
        return {
          error: `${v.name} is ${type === "integer" ? "an integer" : "a number"}, not ${JSON.stringify(text)}`,
        };
      return { value: n };
    }
    case "boolean":
      if (text === "true" || text === "false") return { value: text === "true" };
      return { error: `${v.name} is true or false, not ${JSON.stringify(text)}` };
    case "object":
    case "array":
      try {
        return { value: JSON.parse(text) };
      } catch {
        return { error: `${v.name} is ${type === "object" ? "an object" : "a list"}: give it as JSON` };
      }
    default:
      return { value: text };
  }
}

/**
 * `--var name=value` flags as the create body's `variables`, merged over `base` (a file's). Names
 * must be variables of the class; values are read by their declared type.
 */
export function variablesFromFlags(
  flags: readonly string[],
  variables: readonly ClassVariable[],
  base: Record<string, unknown> = {},
): { variables: Record<string, unknown> } | { error: string } {
  const out = { ...base };
  for (const flag of flags) {
    const eq = flag.indexOf("=");
    if (eq <= 0) return { error: `--var NAME=VALUE, not ${flag}` };
    const name = flag.slice(0, eq);
    const v = variables.find((x) => x.name === name);
    if (!v)
      return {
        error: `The class has no variable ${name}; it has: ${variables.map((x) => x.name).join(", ") || "none"}`,
      };
    const parsed = parseValue(v, flag.slice(eq + 1));
    if ("error" in parsed) return parsed;
    out[name] = parsed.value;
  }
  return { variables: out };
}

function describeType(schema: Record<string, unknown>): string {
  const type = typeOf(schema) ?? "any";
  const parts = [type];
  if (Array.isArray(schema.enum)) parts[0] = schema.enum.map((e) => JSON.stringify(e)).join("|");
  if (typeof schema.minimum === "number" || typeof schema.maximum === "number")
    parts.push(`${schema.minimum ?? ""}..${schema.maximum ?? ""}`);
  if (typeof schema.pattern === "string") parts.push(`/${schema.pattern}/`);
  return parts.join(" ");
}

/** The class's variables as `--var` help: name, type, default, required, description. */
export function variablesHelp(className: string, variables: readonly ClassVariable[]): string {
  if (variables.length === 0) return `Class ${className} declares no variables.\n`;
  const rows = [...variables]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((v) => {
      const def = v.schema.default === undefined ? "" : ` (default ${JSON.stringify(v.schema.default)})`;
      const desc = typeof v.schema.description === "string" ? `\n      ${v.schema.description}` : "";
      return `  --var ${v.name}=${describeType(v.schema)}${v.required ? " (required)" : ""}${def}${desc}`;
    });
  return `Variables of class ${className} (--var NAME=VALUE; objects and lists as JSON):\n${rows.join("\n")}\n`;
}
