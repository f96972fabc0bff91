/** Bytes as people read them: 512 B, 19.6 kB, 1.2 MB (decimal units, as registries and Docker show). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "–";
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = "B";
  for (const u of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = u;
  }
  return `${value < 100 ? value.toFixed(1) : Math.round(value)} ${unit}`;
}
