import { useTranslations } from "next-intl";
import { useMessage } from "@/components/ui/use-message.ts";
import {
  evaluateMinorOffering,
  evaluatePatchOffering,
  type KubernetesVersions,
} from "@/lib/capi/version-policy.ts";
import { PolicyBadge } from "./badges.tsx";

/**
 * The rules of scs-0210-v2 that are about the platform rather than a cluster, as its conformance
 * test checks them: is the newest Kubernetes minor offered (by some cluster class) within 4 months
 * of its release, and is the newest patch of each offered minor offered within 1 month (2 weeks
 * for a critical-CVE fix)?
 */
export function OfferingNote({ offered, versions }: { offered: string[]; versions: KubernetesVersions }) {
  const now = Date.now();
  const t = useTranslations("status.offering");
  const policy = useMessage("policy");
  const rules = [
    {
      label: t("minor"),
      testId: "offering-minor",
      r: evaluateMinorOffering(offered, versions, now),
    },
    {
      label: t("patch"),
      testId: "offering-patch",
      r: evaluatePatchOffering(offered, versions, now),
    },
  ];
  return (
    <div
      data-testid="offering-note"
      className="mb-4 space-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      {rules.map(({ label, testId, r }) => {
        const reason = r.reasonMessage ? policy(r.reasonMessage) : "";
        return (
          <div key={testId} data-testid={testId} className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{label}</span>
            <PolicyBadge status={r.status} reason={reason} />
            <span className="text-slate-600 dark:text-slate-300">{reason}</span>
          </div>
        );
      })}
      {offered.length ? (
        <p className="text-slate-500">{t("classesOffer", { versions: offered.join(", ") })}</p>
      ) : null}
    </div>
  );
}
