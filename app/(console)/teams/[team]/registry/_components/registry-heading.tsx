import Link from "next/link";
import { useTranslations } from "next-intl";
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
  const t = useTranslations("registry");
  return (
    <div className="mb-4">
      <nav aria-label={t("breadcrumb")} className="text-sm text-slate-500">
        <ol className="flex flex-wrap gap-1">
          <li>
            <Link href={`/teams/${encodeURIComponent(team)}/registry`} className="hover:underline">
              {t("title")}
            </Link>
          </li>
          {crumbs.map((c) => (
            <li key={c.href} className="before:mr-1 before:content-['/']">
              <Link href={c.href} className="hover:underline" data-i18n-ignore>
                {c.label}
              </Link>
            </li>
          ))}
        </ol>
      </nav>
      <h1 className="mt-1 text-2xl font-semibold break-all" data-i18n-ignore>
        {title}
      </h1>
      {children}
    </div>
  );
}

/** Shown when the team has no registry connection yet. */
export function NotConfigured() {
  const t = useTranslations("registry");
  return (
    <EmptyState testId="registry-not-configured" title={t("notConfigured.title")}>
      {t("notConfigured.body")}
    </EmptyState>
  );
}
