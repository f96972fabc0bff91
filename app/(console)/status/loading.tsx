import { useTranslations } from "next-intl";
export default function Loading() {
  const t = useTranslations("loading");
  return (
    <div role="status" aria-busy="true" aria-label={t("status")} className="space-y-3">
      <div className="h-8 w-40 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="flex gap-3">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-16 w-40 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
        ))}
      </div>
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="h-10 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      ))}
    </div>
  );
}
