import { formatAge } from "@/lib/format.ts";

// No "use client": server components render it; the exact time needs no script.

/** `2026-11-30 10:00:00 UTC`: the exact time, the same for every viewer. */
export function exactTime(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : `${d.toISOString().replace("T", " ").slice(0, 19)} UTC`;
}

/**
 * A time as an age ("2h ago") with the exact time on hover (the title) and on keyboard focus (the
 * element is focusable and shows it below the age), and for screen readers after the age.
 */
export function RelativeTime({ at, now, testId }: { at: string; now?: number; testId?: string }) {
  const exact = exactTime(at);
  return (
    <time
      dateTime={at}
      title={exact}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users reach the exact time
      tabIndex={0}
      data-testid={testId}
      className="group relative rounded-sm underline decoration-dotted underline-offset-2 focus:outline-2 focus:outline-sky-600"
    >
      {formatAge(at, now)} ago
      <span className="sr-only">, {exact}</span>
      <span
        aria-hidden="true"
        className="pointer-events-none absolute top-full left-0 z-10 mt-1 hidden rounded bg-slate-900 px-2 py-1 text-xs whitespace-nowrap text-white group-hover:block group-focus:block dark:bg-slate-100 dark:text-slate-900"
      >
        {exact}
      </span>
    </time>
  );
}
