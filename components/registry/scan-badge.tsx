import { useTranslations } from "next-intl";
import { RelativeTime } from "@/components/ui/relative-time.tsx";
import type { ScanSummary } from "@/lib/registry/types.ts";

const ORDER = ["Critical", "High", "Medium", "Low", "Unknown"];

/**
 * A mark per severity that reads without colour: the shape and the word carry the meaning, the
 * colour only repeats it.
 */
const MARK: Record<string, { mark: string; style: string }> = {
  Critical: { mark: "◆◆", style: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100" },
  High: { mark: "◆", style: "bg-orange-100 text-orange-900 dark:bg-orange-950 dark:text-orange-100" },
  Medium: { mark: "▲", style: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100" },
  Low: { mark: "▽", style: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100" },
  Unknown: { mark: "?", style: "bg-slate-200 text-slate-900 dark:bg-slate-800 dark:text-slate-100" },
};

export type ScanState = "not-scanned" | "running" | "failed" | "clean" | "vulnerable";

export function scanState(scan: ScanSummary | undefined): ScanState {
  if (!scan) return "not-scanned";
  if (scan.status === "Success")
    return Object.values(scan.counts).some((n) => n > 0) || (scan.total ?? 0) > 0 ? "vulnerable" : "clean";
  if (["Running", "Pending", "Scheduled"].includes(scan.status)) return "running";
  if (["Error", "Stopped"].includes(scan.status)) return "failed";
  return "not-scanned";
}

const rank = (severity: string) => {
  const i = ORDER.indexOf(severity);
  return i === -1 ? ORDER.length : i;
};

/** "1 critical, 3 high, 5 medium, 2 low": every severity found, worst first. */
export function severityCounts(scan: ScanSummary): [string, number][] {
  return Object.entries(scan.counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => rank(a) - rank(b));
}

/**
 * Harbor's scan overview in words: the worst severity with its mark, the count per severity, how
 * many have a fix, and (with `detail`) when and by which scanner. "Not scanned", "scan running"
 * and "scan failed" say so.
 */
const SEVERITIES = ["Critical", "High", "Medium", "Low", "Unknown"] as const;
const isSeverity = (s: string): s is (typeof SEVERITIES)[number] =>
  (SEVERITIES as readonly string[]).includes(s);

export function ScanBadge({ scan, detail = false }: { scan: ScanSummary | undefined; detail?: boolean }) {
  const t = useTranslations("scan");
  const severity = (s: string) => (isSeverity(s) ? t(`severity.${s}`) : s);
  const state = scanState(scan);
  const common = { "data-testid": "scan-summary", "data-state": state };
  if (!scan || state === "not-scanned")
    return (
      <span {...common} className="text-slate-600 dark:text-slate-400">
        <span aria-hidden="true">○ </span>
        {t("notScanned")}
      </span>
    );
  if (state === "running")
    return (
      <span {...common} className="text-slate-700 dark:text-slate-300">
        <span aria-hidden="true">◔ </span>
        {t("running")}
        {scan.percent !== undefined && scan.percent < 100 ? ` (${scan.percent}%)` : ""}
        {detail && scan.startedAt ? (
          <>
            {`, ${t("started")} `}
            <RelativeTime at={scan.startedAt} />
          </>
        ) : null}
      </span>
    );
  if (state === "failed")
    return (
      <span {...common} className="text-slate-700 dark:text-slate-300">
        <span aria-hidden="true">✕ </span>
        {t("failed")}
      </span>
    );
  const counts = severityCounts(scan);
  const worst = scan.severity && MARK[scan.severity] ? scan.severity : counts[0]?.[0];
  const when =
    detail && (scan.scannedAt || scan.scanner) ? (
      <span className="block text-xs text-slate-600 dark:text-slate-400" data-testid="scan-when">
        {t("scanned")} {scan.scannedAt ? <RelativeTime at={scan.scannedAt} /> : null}
        {scan.scanner ? ` ${t("by", { scanner: scan.scanner })}` : ""}
      </span>
    ) : null;
  if (state === "clean")
    return (
      <span {...common} data-severity="None" className="text-emerald-800 dark:text-emerald-300">
        <span aria-hidden="true">✓ </span>
        {t("clean")}
        {when}
      </span>
    );
  const mark = worst ? MARK[worst] : undefined;
  return (
    <span {...common} data-severity={worst ?? ""} className="inline-flex flex-col gap-1">
      <span className="flex flex-wrap items-center gap-1">
        {worst ? (
          <span
            className={`rounded px-1.5 py-0.5 text-xs font-semibold ${mark?.style ?? ""}`}
            data-testid="scan-worst"
          >
            <span aria-hidden="true">{mark?.mark} </span>
            {severity(worst)}
          </span>
        ) : null}
        <span className="text-xs" data-testid="scan-counts">
          {counts
            .map(([s, n]) => t("count", { n, severity: isSeverity(s) ? t(`severityLower.${s}`) : s }))
            .join(", ")}
          {scan.total !== undefined ? ` (${t("inAll", { total: scan.total })})` : ""}
        </span>
      </span>
      {scan.fixable !== undefined ? (
        <span className="text-xs text-slate-700 dark:text-slate-300" data-testid="scan-fixable">
          {scan.fixable === 0 ? t("noneFixable") : t("fixable", { n: scan.fixable })}
        </span>
      ) : null}
      {when}
    </span>
  );
}
