import { evaluateMinorOffering, type KubernetesVersions } from "@/lib/capi/version-policy.ts";
import { PolicyBadge } from "./badges.tsx";

/**
 * The one rule of scs-0210-v2 that is about the platform rather than a cluster: is the newest
 * Kubernetes minor offered (by some cluster class) within 4 months of its release?
 */
export function OfferingNote({ offered, versions }: { offered: string[]; versions: KubernetesVersions }) {
  const r = evaluateMinorOffering(offered, versions, Date.now());
  return (
    <div
      data-testid="offering-note"
      className="mb-4 flex flex-wrap items-center gap-2 rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <span className="font-medium">Newest minor offered</span>
      <PolicyBadge status={r.status} reason={r.reason} />
      <span className="text-slate-600 dark:text-slate-300">{r.reason}</span>
      {offered.length ? <span className="text-slate-500">Classes offer: {offered.join(", ")}.</span> : null}
    </div>
  );
}
