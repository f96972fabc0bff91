import Link from "next/link";
import { useTranslations } from "next-intl";

/**
 * "All" or "Critical or high": links that keep the list's other parameters. When the console
 * filtered (Harbor cannot), says how many rows it read and whether it stopped before the end.
 */
export function SeverityFilter({
  active,
  href,
  examined,
}: {
  active: boolean;
  href: (severity: "high" | undefined) => string;
  examined?: { rows: number; more: boolean };
}) {
  const t = useTranslations("scan.filter");
  const item = (on: boolean, label: string, target: string) => (
    <Link
      href={target}
      aria-current={on ? "page" : undefined}
      className={`rounded-md border px-3 py-1 text-sm ${
        on
          ? "border-slate-900 font-medium dark:border-slate-100"
          : "border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
      }`}
    >
      {on ? <span aria-hidden="true">● </span> : null}
      {label}
    </Link>
  );
  return (
    <div className="mb-3 flex flex-wrap items-center gap-2">
      <nav aria-label={t("label")} className="flex gap-2">
        {item(!active, t("all"), href(undefined))}
        {item(active, t("high"), href("high"))}
      </nav>
      {active && examined ? (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="severity-examined">
          {examined.more
            ? t("examinedMore", { rows: examined.rows })
            : t("examined", { rows: examined.rows })}
        </p>
      ) : null}
    </div>
  );
}
