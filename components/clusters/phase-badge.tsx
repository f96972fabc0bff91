import { useTranslations } from "next-intl";
import type { ClusterSummary } from "@/lib/capi/cluster-summary.ts";

const STYLE: Record<string, string> = {
  Provisioned: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100",
  Provisioning: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100",
  Pending: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
  Deleting: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  Failed: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100",
};

/** Cluster API phases the catalog words (`phases.*`). */
export const PHASES = [
  "Pending",
  "Provisioning",
  "Provisioned",
  "Deleting",
  "Deleted",
  "Failed",
  "Unknown",
] as const;
export const isKnownPhase = (p: string): p is (typeof PHASES)[number] =>
  (PHASES as readonly string[]).includes(p);

/** A cluster's phase as a coloured pill; hovering it tells why the cluster is not available yet. */
export function PhaseBadge({ cluster, testId }: { cluster: ClusterSummary; testId?: string }) {
  const t = useTranslations("phases");
  return (
    <span
      data-testid={testId}
      data-phase={cluster.phase}
      // The controllers' words on hover, as they come.
      data-i18n-ignore="title"
      title={cluster.problem ?? undefined}
      className={`rounded-full px-2 py-0.5 text-xs ${STYLE[cluster.phase] ?? STYLE.Pending}`}
    >
      {isKnownPhase(cluster.phase) ? t(cluster.phase) : cluster.phase}
    </span>
  );
}
