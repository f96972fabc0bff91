import { stringify } from "yaml";

/** How results are printed: `-o table|json|yaml`. */
export type Output = "table" | "json" | "yaml";

/** Prints rows as aligned columns (table), or the whole value as JSON or YAML. */
export function print(
  output: Output,
  value: unknown,
  table: () => { headers: string[]; rows: (string | number)[][] },
): string {
  if (output === "json") return `${JSON.stringify(value, null, 2)}\n`;
  if (output === "yaml") return stringify(value);
  const { headers, rows } = table();
  return columns([headers, ...rows.map((r) => r.map(String))]);
}

/** Aligned columns, two spaces apart, no trailing spaces. */
export function columns(lines: string[][]): string {
  const widths: number[] = [];
  for (const line of lines) {
    line.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  }
  return lines
    .map((line) =>
      line
        .map((c, i) => (i === line.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .map((l) => `${l}\n`)
    .join("");
}
