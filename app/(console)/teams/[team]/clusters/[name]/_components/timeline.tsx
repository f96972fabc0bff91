"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { conditionWord } from "@/lib/capi/cluster-summary.ts";
import type { TimelineEntry, TimelineLevel } from "@/lib/capi/timeline.ts";
import type { StepOutcome, TimelineStep } from "@/lib/capi/timeline-steps.ts";
import { formatAge, formatExactTime, formatRelativeTime } from "@/lib/i18n/format.ts";

const LEVEL: Record<TimelineLevel, { mark: string; text: string }> = {
  error: { mark: "bg-red-500", text: "text-red-800 dark:text-red-200" },
  warning: { mark: "bg-amber-500", text: "text-amber-900 dark:text-amber-100" },
  info: { mark: "bg-sky-500", text: "text-slate-700 dark:text-slate-200" },
  ok: { mark: "bg-emerald-500", text: "text-slate-700 dark:text-slate-200" },
};

// A symbol and a word for each outcome: colour is never the only cue.
const OUTCOME: Record<StepOutcome, { symbol: string; style: string }> = {
  done: {
    symbol: "✓",
    style: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100",
  },
  "in-progress": {
    symbol: "…",
    style: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100",
  },
  failed: { symbol: "✕", style: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100" },
};

type T = ReturnType<typeof useTranslations<"timeline">>;

/** 45 s, 3 min 20 s, 2 h 5 min. */
function formatDuration(ms: number, t: T): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return t("duration.seconds", { s });
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? t("duration.minutesSeconds", { m, s: s % 60 }) : t("duration.minutes", { m });
  const h = Math.floor(m / 60);
  return m % 60 ? t("duration.hoursMinutes", { h, m: m % 60 }) : t("duration.hours", { h });
}

const isProblem = (e: TimelineEntry) => e.level === "error" || e.level === "warning";

function Row({ e }: { e: TimelineEntry }) {
  const t = useTranslations("timeline");
  const locale = useLocale();
  return (
    <li
      data-testid="timeline-entry"
      data-level={e.level}
      data-origin={e.origin}
      className={`relative text-sm ${LEVEL[e.level].text}`}
    >
      <span
        aria-hidden="true"
        className={`absolute top-1.5 -left-[1.3rem] h-2 w-2 rounded-full ${LEVEL[e.level].mark}`}
      />
      <span className="sr-only">{t(`levels.${e.level}`)}: </span>
      <time
        dateTime={e.at ?? undefined}
        title={e.at ? formatExactTime(e.at, locale) : undefined}
        className="mr-2 inline-block w-10 text-xs text-slate-600 dark:text-slate-300"
        suppressHydrationWarning
      >
        {e.at ? formatAge(e.at, Date.now(), locale) : "–"}
      </time>
      <span className="font-medium">
        {e.condition
          ? t(`condition.${conditionWord(e.condition.status)}`, { type: e.condition.type })
          : e.title}
      </span>
      {e.reason && e.origin === "condition" ? (
        <span className="text-slate-600 dark:text-slate-300"> · {e.reason}</span>
      ) : null}
      {e.count > 1 ? <span className="text-slate-600 dark:text-slate-300"> ×{e.count}</span> : null}
      <span className="text-slate-600 dark:text-slate-300"> — {e.source}</span>
      {e.message ? <span className="block whitespace-pre-wrap pl-12">{e.message}</span> : null}
    </li>
  );
}

function Step({ step, problemsOnly }: { step: TimelineStep; problemsOnly: boolean }) {
  const t = useTranslations("timeline");
  const locale = useLocale();
  const rows = problemsOnly ? step.entries.filter(isProblem) : step.entries;
  const o = OUTCOME[step.outcome];
  const facts: string[] = [];
  if (step.durationMs !== null) facts.push(t("took", { duration: formatDuration(step.durationMs, t) }));
  if (step.machines) facts.push(t("machines", step.machines));
  if (step.errors) facts.push(t("errors", { count: step.errors }));
  if (step.warnings) facts.push(t("warnings", { count: step.warnings }));
  return (
    <li
      data-testid="timeline-step"
      data-kind={step.kind}
      data-outcome={step.outcome}
      data-problem={step.problem}
      className="rounded-md border border-slate-200 dark:border-slate-700"
    >
      {/* Problems open by themselves; the rest are one click (or Enter) away. */}
      <details open={step.problem}>
        <summary className="flex cursor-pointer flex-wrap items-baseline gap-x-3 gap-y-1 px-3 py-2 text-sm">
          <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${o.style}`}>
            <span aria-hidden="true">{o.symbol} </span>
            {t(`outcomes.${step.outcome}`)}
          </span>
          <span className="font-medium">{t(`steps.${step.kind}`)}</span>
          {step.start ? (
            <span className="text-slate-600 dark:text-slate-300">
              <time
                dateTime={step.start}
                title={formatExactTime(step.start, locale)}
                suppressHydrationWarning
              >
                {t("started", { age: formatRelativeTime(step.start, Date.now(), locale) })}
              </time>
            </span>
          ) : null}
          {facts.length ? (
            <span className="text-slate-600 dark:text-slate-300">{facts.join(" · ")}</span>
          ) : null}
          <span className="ml-auto text-xs text-slate-600 dark:text-slate-300">
            {t("rows", { count: rows.length })}
          </span>
        </summary>
        {rows.length ? (
          <ol
            data-testid="timeline"
            className="mx-3 mb-3 space-y-1 border-l border-slate-200 pl-4 dark:border-slate-700"
          >
            {rows.map((e) => (
              <Row key={e.id} e={e} />
            ))}
          </ol>
        ) : (
          <p className="mx-3 mb-3 text-sm text-slate-600 dark:text-slate-300">{t("noProblemsInStep")}</p>
        )}
      </details>
    </li>
  );
}

/**
 * The cluster's history as steps (problems first, opened), each with its start, duration and
 * outcome; the raw condition and Event rows under each, newest first; messages shown as text.
 */
export function Timeline({ steps }: { steps: TimelineStep[] | null }) {
  const t = useTranslations("timeline");
  const [problemsOnly, setProblemsOnly] = useState(false);
  const shown = (steps ?? []).filter((s) => !problemsOnly || s.problem || s.entries.some(isProblem));
  return (
    <section aria-labelledby="timeline-heading">
      <div className="mb-2 flex items-baseline justify-between gap-3">
        <h2 id="timeline-heading" className="text-lg font-semibold">
          {t("title")}
        </h2>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={problemsOnly} onChange={(e) => setProblemsOnly(e.target.checked)} />
          {t("problemsOnly")}
        </label>
      </div>
      {steps === null ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">{t("loading")}</p>
      ) : shown.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          {problemsOnly ? t("noProblems") : t("nothingYet")}
        </p>
      ) : (
        <ol data-testid="timeline-steps" className="space-y-2">
          {shown.map((s) => (
            <Step key={s.kind} step={s} problemsOnly={problemsOnly} />
          ))}
        </ol>
      )}
    </section>
  );
}
