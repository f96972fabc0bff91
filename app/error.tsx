"use client";

import { useTranslations } from "next-intl";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations("errorPage");
  return (
    <main className="mx-auto max-w-xl p-10" role="alert">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-300">{t("body")}</p>
      <button type="button" onClick={reset} className="mt-4 rounded-md bg-sky-600 px-3 py-1.5 text-white">
        {t("retry")}
      </button>
    </main>
  );
}
