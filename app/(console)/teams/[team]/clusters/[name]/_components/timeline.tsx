"use client";

import { useState } from "react";
import type { TimelineEntry, TimelineLevel } from "@/lib/capi/timeline.ts";
import { formatAge } from "@/lib/format.ts";

const LEVEL: Record<TimelineLevel, { mark: string; text: string; label: string }> = {
  error: { mark: "bg-red-500", text: "text-red-800 dark:text-red-200", label: "error" },
  warning: { mark: "bg-amber-500", text: "text-amber-900 dark:text-amber-100", label: "warning" },
  info: { mark: "bg-sky-500", text: "text-slate-700 dark:text-slate-200", label: "info" },
  ok: { mark: "bg-emerald-500", text: "text-slate-700 dark:text-slate-200", label: "ok" },
};

const PAGE = 60;

/** Conditions and Events of the cluster and its objects, newest first; messages shown as text. */
export function Timeline({ entries }: { entries: TimelineEntry[] | null }) {
  const [limit, setLimit] = useState(PAGE);
  const [problemsOnly, setProblemsOnly] = useState(false);
  const shown = (entries ?? []).filter((e) => !problemsOnly || e.level === "error" || e.level === "warning");
  return (
    <section aria-labelledby="timeline-heading">
      <div className="mb-2 flex items-baseline justify-between gap-3">
        <h2 id="timeline-heading" className="text-lg font-semibold">
          Timeline
        </h2>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={problemsOnly} onChange={(e) => setProblemsOnly(e.target.checked)} />
          Problems only
        </label>
      </div>
      {entries === null ? (
        <p className="text-sm text-slate-500">Loading events…</p>
      ) : shown.length === 0 ? (
        <p className="text-sm text-slate-500">Nothing to show yet.</p>
      ) : (
        <ol data-testid="timeline" className="space-y-1 border-l border-slate-200 pl-4 dark:border-slate-800">
          {shown.slice(0, limit).map((e) => (
            <li
              key={e.id}
              data-testid="timeline-entry"
              data-level={e.level}
              data-origin={e.origin}
              className={`relative text-sm ${LEVEL[e.level].text}`}
            >
              <span
                aria-hidden="true"
                className={`absolute top-1.5 -left-[1.3rem] h-2 w-2 rounded-full ${LEVEL[e.level].mark}`}
              />
              <span className="sr-only">{LEVEL[e.level].label}: </span>
              <time
                dateTime={e.at ?? undefined}
                title={e.at ?? undefined}
                className="mr-2 inline-block w-10 text-xs text-slate-500"
                suppressHydrationWarning
              >
                {e.at ? formatAge(e.at) : "–"}
              </time>
              <span className="font-medium">{e.title}</span>
              {e.reason && e.origin === "condition" ? (
                <span className="text-slate-500"> · {e.reason}</span>
              ) : null}
              {e.count > 1 ? <span className="text-slate-500"> ×{e.count}</span> : null}
              <span className="text-slate-500"> — {e.source}</span>
              {e.message ? <span className="block whitespace-pre-wrap pl-12">{e.message}</span> : null}
            </li>
          ))}
        </ol>
      )}
      {shown.length > limit ? (
        <button
          type="button"
          className="mt-2 text-sm text-sky-700 underline dark:text-sky-400"
          onClick={() => setLimit((n) => n + PAGE * 4)}
        >
          Show older ({shown.length - limit} more)
        </button>
      ) : null}
    </section>
  );
}
