"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState, useTransition } from "react";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, LOCALES, type Locale } from "@/lib/i18n/locales.ts";

/**
 * Chooses the console's language and remembers it in a cookie (read by lib/i18n/request.ts), then
 * renders the page again from the server. Each language is named in itself, so a reader who
 * cannot read the current one still finds their own; the button that switches says so in the
 * language chosen. Choosing alone changes nothing (WCAG 3.2.2): arrowing through a closed select
 * must not reload the page in each language on the way.
 */
export function LanguageSwitcher() {
  const t = useTranslations("language");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [chosen, setChosen] = useState<Locale>(locale);
  useEffect(() => setChosen(locale), [locale]);

  function choose(next: Locale) {
    const secure = window.location.protocol === "https:" ? "; secure" : "";
    // biome-ignore lint/suspicious/noDocumentCookie: a preference, not a secret; the server reads it on the next render
    document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=${LOCALE_COOKIE_MAX_AGE}; samesite=lax${secure}`;
    startTransition(() => router.refresh());
  }

  return (
    <span className="flex items-center gap-1 text-sm text-slate-600 dark:text-slate-300">
      <label>
        <span className="sr-only">{t("label")}</span>
        <select
          data-testid="language-switcher"
          value={chosen}
          disabled={pending}
          onChange={(e) => setChosen(e.target.value as Locale)}
          className="rounded-md border border-slate-300 bg-transparent px-1.5 py-1 text-sm dark:border-slate-700"
        >
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {t(l)}
            </option>
          ))}
        </select>
      </label>
      {chosen !== locale ? (
        <button
          type="button"
          lang={chosen}
          data-testid="language-apply"
          disabled={pending}
          onClick={() => choose(chosen)}
          className="rounded-md border border-slate-300 px-1.5 py-1 text-sm dark:border-slate-700"
        >
          {t(`switchTo.${chosen}`)}
        </button>
      ) : null}
    </span>
  );
}
