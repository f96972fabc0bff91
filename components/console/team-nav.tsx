"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The team's sections: Clusters | Registry | Audit (| Settings for team admins), with the current one marked. */
export function TeamNav({ team, role }: { team: string; role?: "admin" | "member" | "viewer" }) {
  const pathname = usePathname();
  const base = `/teams/${encodeURIComponent(team)}`;
  const items = [
    { href: `${base}/clusters`, label: "Clusters" },
    { href: `${base}/registry`, label: "Registry" },
    { href: `${base}/audit`, label: "Audit" },
    ...(role === "admin" ? [{ href: `${base}/settings`, label: "Settings" }] : []),
  ];
  return (
    <nav aria-label="Team" className="mb-5 flex gap-1 border-b border-slate-200 dark:border-slate-800">
      {items.map((item) => {
        const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={current ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${
              current
                ? "border-sky-600 font-medium text-slate-900 dark:text-slate-100"
                : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
