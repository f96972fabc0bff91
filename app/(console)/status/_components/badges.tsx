import { useTranslations } from "next-intl";
import type { ClusterHealth } from "@/lib/capi/cluster-health.ts";
import type { PolicyStatus } from "@/lib/capi/version-policy.ts";

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
export function HealthBadge({ health }: { health: ClusterHealth }) {
  const t = useTranslations("health");
  return (
    <span
      data-testid="health-badge"
      data-state={health}
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${HEALTH[health].style}`}
    >
      {t(health)}
    </span>
  );
}

const POLICY: Record<PolicyStatus, { style: string }> = {
  compliant: {
    style: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100",
  },
  "due-soon": {
    style: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  },
  "non-compliant": {
    style: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100",
  },
  unknown: { style: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100" },
};

/** The SCS version policy verdict; the reason goes in the title and, by the caller, as text. */
export function PolicyBadge({ status, reason }: { status: PolicyStatus; reason: string }) {
  const t = useTranslations("policyStatus");
  return (
    <span
      data-testid="policy-badge"
      data-state={status}
      title={reason}
      className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${POLICY[status].style}`}
    >
      {t(status)}
    </span>
  );
}
