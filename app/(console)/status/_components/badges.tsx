import { useTranslations } from "next-intl";
import type { PolicyStatus } from "@/lib/capi/version-policy.ts";

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
