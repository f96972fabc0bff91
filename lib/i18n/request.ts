import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, type Locale, resolveLocale } from "./locales.ts";

/** The request's language, from the remembered choice, else `Accept-Language`, else English. */
export async function requestLocale(): Promise<Locale> {
  const [jar, h] = await Promise.all([cookies(), headers()]);
  return resolveLocale(jar.get(LOCALE_COOKIE)?.value, h.get("accept-language"));
}

/**
 * next-intl's per-request configuration (wired in next.config.js). Times are formatted in UTC, as
 * the exact times say, so the server's render and the browser's agree.
 */
export default getRequestConfig(async () => {
  const locale = await requestLocale();
  const messages = (await import(`./messages/${locale}.json`)).default;
  return { locale, messages, timeZone: "UTC" };
});
