"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export type Tab = {
  href: string;
  label: string;
  /** Paths under which this tab is the current one; default: `href` itself. */
  sections?: readonly string[];
};

const under = (pathname: string, path: string) => pathname === path || pathname.startsWith(`${path}/`);

/** A row of section links with the current one marked (`aria-current="page"`). */
export function TabNav({ label, tabs }: { label: string; tabs: readonly Tab[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="mb-5 flex gap-1 border-b border-slate-200 dark:border-slate-800">
      {tabs.map((tab) => {
        const current = pathname === tab.href || (tab.sections ?? [tab.href]).some((p) => under(pathname, p));
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={current ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${
              current
                ? "border-sky-600 font-medium text-slate-900 dark:text-slate-100"
                : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"
            }`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
