import { useTranslations } from "next-intl";
import { HEALTH_REASONS } from "@/lib/capi/cluster-health.ts";
import { isKnownPhase } from "./phase-badge.tsx";

const OWN = Object.entries(HEALTH_REASONS) as [keyof typeof HEALTH_REASONS, string][];

/**
 * Why a cluster has its health: the console's own words in the reader's language, the
 * controllers' words (condition messages, failed add-ons) as they come, marked as data.
 */
export function HealthReason({ reason }: { reason: string }) {
  const t = useTranslations("healthReason");
  const phases = useTranslations("phases");
  const own = OWN.find(([, english]) => english === reason)?.[0];
  if (own) return <>{t(own)}</>;
  // A Cluster API phase standing in for a reason.
  if (isKnownPhase(reason)) return <>{phases(reason)}</>;
  return <span data-i18n-ignore>{reason}</span>;
}
