import type { ClusterHealth } from "@/lib/capi/cluster-health.ts";

/**
 * A cluster's health in the same words everywhere (status wall, team list, cluster page):
 * ready / degraded / progressing / failing.
 */
const HEALTH: Record<ClusterHealth, { label: string; style: string }> = {
  ready: {
    label: "Ready",
    style: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100",
  },
  degraded: {
    label: "Degraded",
    style: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  },
  progressing: { label: "Progressing", style: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100" },
  failing: { label: "Failing", style: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100" },
};

export const healthLabel = (h: ClusterHealth) => HEALTH[h].label;

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
  return (
    <span
      data-testid={testId}
      data-state={health}
      title={title}
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${HEALTH[health].style}`}
    >
      {HEALTH[health].label}
    </span>
  );
}
