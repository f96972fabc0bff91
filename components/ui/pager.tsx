import Link from "next/link";
import { useTranslations } from "next-intl";

/** Where a paged list stands: the registry's pages and the status wall's both say it this way. */
export type PagePosition = {
  page: number;
  pageSize: number;
  /** Undefined when the source does not say. */
  total?: number;
  hasNext: boolean;
};

/**
 * Previous/next for a paged list, with the position between them. `href(page)` makes links (a
 * list paged on the server; the link keeps the other query parameters); `onPage(page)` makes
 * buttons (a list paged in the browser, which keeps the page in the URL itself).
 */
export function Pager({
  page,
  href,
  onPage,
  label,
}: {
  page: PagePosition;
  href?: (page: number) => string;
  onPage?: (page: number) => void;
  label: string;
}) {
  const pages = page.total !== undefined ? Math.max(1, Math.ceil(page.total / page.pageSize)) : undefined;
  const t = useTranslations("pager");
  const linkClass =
    "rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";
  const to = (n: number, rel: "prev" | "next", text: string) =>
    href ? (
      <Link href={href(n)} className={linkClass} rel={rel}>
        {text}
      </Link>
    ) : (
      <button type="button" className={linkClass} onClick={() => onPage?.(n)} data-rel={rel}>
        {text}
      </button>
    );
  return (
    <nav aria-label={label} className="mt-3 flex items-center gap-3 text-sm">
      {page.page > 1 ? to(page.page - 1, "prev", t("previous")) : null}
      <span data-testid="pager-position" className="text-slate-500">
        {pages !== undefined ? t("pageOf", { page: page.page, pages }) : t("page", { page: page.page })}
        {page.total !== undefined ? ` · ${t("inAll", { total: page.total })}` : ""}
      </span>
      {page.hasNext ? to(page.page + 1, "next", t("next")) : null}
    </nav>
  );
}
