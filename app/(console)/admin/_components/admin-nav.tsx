"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The platform admin sections: Teams | Audit log. */
export function AdminNav() {
  const pathname = usePathname();
  const items = [
    { href: "/admin", label: "Teams", current: pathname === "/admin" || pathname.startsWith("/admin/teams") },
    { href: "/admin/audit", label: "Audit log", current: pathname.startsWith("/admin/audit") },
  ];
  return (
    <nav
      aria-label="Platform admin"
      className="mb-5 flex gap-1 border-b border-slate-200 dark:border-slate-800"
    >
      {items.map((item) => (
        <Link
          key={item.href}
          href={item.href}
          aria-current={item.current ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm ${
            item.current
              ? "border-sky-600 font-medium text-slate-900 dark:text-slate-100"
              : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"
          }`}
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
