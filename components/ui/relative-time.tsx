import { useLocale } from "next-intl";
import { formatExactTime, formatRelativeTime } from "@/lib/i18n/format.ts";

// No "use client": server components render it; the exact time needs no script. Client components
// may render it too (next-intl's hooks work on both sides).

/**
 * A time relative to now in the reader's language ("vor 2 Stunden", "2 hours ago") with the exact
 * time (in UTC, locale-formatted) on hover (the title) and on keyboard focus (the element is
 * focusable and shows it below), and for screen readers after the relative time.
 */
export function RelativeTime({ at, now, testId }: { at: string; now?: number; testId?: string }) {
  const locale = useLocale();
  const exact = formatExactTime(at, locale);
  return (
    <time
      dateTime={at}
      title={exact}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users reach the exact time
      tabIndex={0}
      data-testid={testId}
      suppressHydrationWarning
      className="group relative rounded-sm underline decoration-dotted underline-offset-2 focus:outline-2 focus:outline-sky-600"
    >
      {formatRelativeTime(at, now ?? Date.now(), locale)}
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
