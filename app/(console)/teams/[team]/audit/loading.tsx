import { useTranslations } from "next-intl";
export default function Loading() {
  const t = useTranslations("loading");
  return (
    <div role="status" aria-busy="true" aria-label={t("audit")} className="space-y-3">
      <div className="h-8 w-40 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-14 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      {[0, 1, 2, 3, 4].map((i) => (
        <div key={i} className="h-8 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      ))}
    </div>
  );
}
