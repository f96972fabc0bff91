import { useTranslations } from "next-intl";
import type { ClusterHealth } from "@/lib/capi/cluster-health.ts";

/**
 * A cluster's health in the same words everywhere (status wall, team list, cluster page):
 * ready / degraded / progressing / failing.
 */
const HEALTH: Record<ClusterHealth, { style: string }> = {
  ready: {
    style: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100",
  },
  degraded: {
    style: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  },
  progressing: { style: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100" },
  failing: { style: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100" },
};

/** Ready / progressing / failing as a coloured pill with its word (colour is never the only cue). */
export function HealthBadge({
  health,
  testId = "health-badge",
  title,
}: {
  health: ClusterHealth;
  testId?: string;
  /** The reason, for a pointer's hover; callers show it as text too. */
  title?: string;
}) {
  const t = useTranslations("health");
  return (
    <span
      data-testid={testId}
      data-state={health}
      title={title}
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${HEALTH[health].style}`}
    >
      {t(health)}
    </span>
  );
}
