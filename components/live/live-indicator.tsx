import { useTranslations } from "next-intl";
import type { LiveStatus } from "./live-connection.ts";

const DOTS: Record<LiveStatus | "no-access", string> = {
  connecting: "bg-slate-400",
  live: "bg-emerald-500",
  reconnecting: "bg-amber-500 animate-pulse",
  "too-many-streams": "bg-amber-500",
  "signed-out": "bg-red-500",
  "no-access": "bg-red-500",
};

/** Whether the data on screen is live, being reconnected (and so possibly stale) or stopped. */
export function LiveIndicator({ status }: { status: LiveStatus | "no-access" }) {
  const t = useTranslations("live");
  return (
    <span
      role="status"
      data-testid="live-status"
      data-state={status}
      className="inline-flex items-center gap-2 text-sm text-slate-600 dark:text-slate-300"
    >
      <span aria-hidden="true" className={`inline-block h-2 w-2 rounded-full ${DOTS[status]}`} />
      {t(status)}
    </span>
  );
}
