import { useTranslations } from "next-intl";
/** While an admin page reads teams, quotas and classes from the database and the API server. */
export default function Loading() {
  const t = useTranslations("loading");
  return (
    <div role="status" aria-busy="true" aria-label={t("generic")} className="space-y-3">
      <div className="h-8 w-48 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="h-10 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      ))}
    </div>
  );
}
