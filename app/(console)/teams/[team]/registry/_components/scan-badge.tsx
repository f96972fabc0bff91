import type { ScanSummary } from "@/lib/registry/types.ts";

const ORDER = ["Critical", "High", "Medium", "Low", "Unknown", "None"];

const severityStyle: Record<string, string> = {
  Critical: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100",
  High: "bg-orange-100 text-orange-900 dark:bg-orange-900 dark:text-orange-100",
  Medium: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  Low: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100",
};

/** Harbor's scan overview as counts per severity; "not scanned" when there is none. */
export function ScanBadge({ scan }: { scan: ScanSummary | undefined }) {
  if (!scan) return <span className="text-slate-500">not scanned</span>;
  if (scan.status !== "Success")
    return <span className="text-slate-500">scan {scan.status.toLowerCase()}</span>;
  const counts = Object.entries(scan.counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => ORDER.indexOf(a) - ORDER.indexOf(b));
  if (counts.length === 0)
    return <span className="text-emerald-700 dark:text-emerald-300">no vulnerabilities</span>;
  return (
    <span className="inline-flex flex-wrap gap-1" data-testid="scan-summary">
      {counts.map(([severity, n]) => (
        <span
          key={severity}
          className={`rounded-full px-2 py-0.5 text-xs ${severityStyle[severity] ?? "bg-slate-200 dark:bg-slate-700"}`}
        >
          {n} {severity}
        </span>
      ))}
      {scan.fixable !== undefined ? (
        <span className="text-xs text-slate-500">{scan.fixable} fixable</span>
      ) : null}
    </span>
  );
}
