import { useLocale, useTranslations } from "next-intl";
import { useCallback } from "react";
import type { MessageValues, Translatable } from "@/lib/i18n/english.ts";
import { localizeValues } from "@/lib/i18n/format.ts";

/**
 * Says a sentence that pure `lib/` code returned as a {@link Translatable} (a key under
 * `namespace` and its values) in the reader's language, ISO dates in their date format. Works in
 * server and client components alike.
 */
export function useMessage(namespace: string): (m: Translatable) => string {
  const t = useTranslations() as unknown as (key: string, values?: MessageValues) => string;
  const locale = useLocale();
  // The same function while the language is the same: tables memoize their columns on it.
  return useCallback(
    (m) => t(`${namespace}.${m.key}`, localizeValues(m.values, locale)),
    [t, namespace, locale],
  );
}
