import type { LiveStatus } from "./live-connection.ts";

const LABELS: Record<LiveStatus | "no-access", { text: string; dot: string }> = {
  connecting: { text: "Connecting…", dot: "bg-slate-400" },
  live: { text: "Live", dot: "bg-emerald-500" },
  reconnecting: { text: "Reconnecting… showing the last known state", dot: "bg-amber-500 animate-pulse" },
  "too-many-streams": {
    text: "Too many live connections for your account: close other console windows. Retrying…",
    dot: "bg-amber-500",
  },
  "signed-out": { text: "Signed out: updates stopped. Sign in again to continue.", dot: "bg-red-500" },
  "no-access": { text: "Access removed: ask a team admin to check your role.", dot: "bg-red-500" },
};

/** Whether the data on screen is live, being reconnected (and so possibly stale) or stopped. */
export function LiveIndicator({ status }: { status: LiveStatus | "no-access" }) {
  const l = LABELS[status];
  return (
    <span
      role="status"
      data-testid="live-status"
      data-state={status}
      className="inline-flex items-center gap-2 text-sm text-slate-600 dark:text-slate-300"
    >
      <span aria-hidden="true" className={`inline-block h-2 w-2 rounded-full ${l.dot}`} />
      {l.text}
    </span>
  );
}
