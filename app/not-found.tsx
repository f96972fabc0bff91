import Link from "next/link";
import { useTranslations } from "next-intl";

export default function NotFound() {
  const t = useTranslations("notFound");
  return (
    <main className="mx-auto max-w-xl p-10">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-300">{t("body")}</p>
      <Link href="/" className="mt-4 inline-block text-sky-700 underline dark:text-sky-400">
        {t("back")}
      </Link>
    </main>
  );
}
