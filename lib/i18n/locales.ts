/** The languages the console speaks; the first is the fallback. */
export const LOCALES = ["en", "de"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/**
 * The cookie that remembers a user's choice of language. Not locale-prefixed URLs: a link to a
 * cluster page is the same link whichever language the person who opens it reads.
 */
export const LOCALE_COOKIE = "KAAS_LOCALE";

/** A year: the choice is a preference, not a session. */
export const LOCALE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The languages of an `Accept-Language` header, most preferred first, by primary subtag
 * (`de-AT` is `de`). Entries with `q=0` are refused languages and left out; `*` says nothing.
 */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  const ranked: { tag: string; q: number; order: number }[] = [];
  header.split(",").forEach((part, order) => {
    const [range = "", ...params] = part.trim().split(";");
    const tag = range.trim().toLowerCase().split("-")[0] ?? "";
    if (!tag || tag === "*") return;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.trim().split("=");
      if (k?.trim() === "q" && v !== undefined) q = Number.parseFloat(v);
    }
    if (!Number.isFinite(q) || q <= 0) return;
    ranked.push({ tag, q: Math.min(q, 1), order });
  });
  ranked.sort((a, b) => b.q - a.q || a.order - b.order);
  return [...new Set(ranked.map((r) => r.tag))];
}

/**
 * The language of a request: the user's remembered choice (the cookie), else the browser's
 * `Accept-Language`, else English.
 */
export function resolveLocale(
  cookie: string | null | undefined,
  acceptLanguage: string | null | undefined,
): Locale {
  if (isLocale(cookie)) return cookie;
  for (const tag of acceptedLanguages(acceptLanguage)) if (isLocale(tag)) return tag;
  return DEFAULT_LOCALE;
}
