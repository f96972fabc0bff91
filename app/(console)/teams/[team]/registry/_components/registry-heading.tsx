import Link from "next/link";
import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/empty-state.tsx";

/** The registry pages' breadcrumb and heading. */
export function RegistryHeading({
  team,
  crumbs,
  title,
  children,
}: {
  team: string;
  crumbs: { label: string; href: string }[];
  title: string;
  children?: ReactNode;
}) {
  return (
    <div className="mb-4">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <ol className="flex flex-wrap gap-1">
          <li>
            <Link href={`/teams/${encodeURIComponent(team)}/registry`} className="hover:underline">
              Registry
            </Link>
          </li>
          {crumbs.map((c) => (
            <li key={c.href} className="before:mr-1 before:content-['/']">
              <Link href={c.href} className="hover:underline">
                {c.label}
              </Link>
            </li>
          ))}
        </ol>
      </nav>
      <h1 className="mt-1 text-2xl font-semibold break-all">{title}</h1>
      {children}
    </div>
  );
}

/** Shown when the team has no registry connection yet. */
export function NotConfigured() {
  return (
    <EmptyState testId="registry-not-configured" title="No registry connected">
      Ask a team admin to connect the team&apos;s registry; its images will appear here.
    </EmptyState>
  );
}
