import Link from "next/link";
import { useTranslations } from "next-intl";
import type { Paged } from "@/lib/registry/types.ts";

/** Previous/next links for a list paged on the server; `href(page)` keeps the other query parameters. */
export function Pager({
  page,
  href,
  label,
}: {
  page: Paged<unknown>;
  href: (page: number) => string;
  label: string;
}) {
  const pages = page.total !== undefined ? Math.max(1, Math.ceil(page.total / page.pageSize)) : undefined;
  const t = useTranslations("pager");
  const linkClass =
    "rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";
  return (
    <nav aria-label={label} className="mt-3 flex items-center gap-3 text-sm">
      {page.page > 1 ? (
        <Link href={href(page.page - 1)} className={linkClass} rel="prev">
          {t("previous")}
        </Link>
      ) : null}
      <span data-testid="pager-position" className="text-slate-500">
        {pages !== undefined ? t("pageOf", { page: page.page, pages }) : t("page", { page: page.page })}
        {page.total !== undefined ? ` · ${t("inAll", { total: page.total })}` : ""}
      </span>
      {page.hasNext ? (
        <Link href={href(page.page + 1)} className={linkClass} rel="next">
          {t("next")}
        </Link>
      ) : null}
    </nav>
  );
}
