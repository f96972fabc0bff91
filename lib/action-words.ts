/**
 * A refusal's wording as a catalog key (`actionErrors.*`) and values: what pure code that also runs
 * in the browser (the create form's variable and add-on checks) returns, so the page says it in
 * the reader's language. Apart from lib/errors.ts, whose `inEnglish` imports the English catalog:
 * importing `says` from there would put the whole catalog into the browser bundle.
 */
import type { Messages } from "@/lib/i18n/english.ts";
import type { Locale } from "@/lib/i18n/locales.ts";
import type { Translate } from "@/lib/validation/messages.ts";
import { formatList } from "./i18n/format.ts";

/** Names (or worded pieces) to join in the reader's language: "A and B", or "A or B" with `or`. */
export type WordList = { list: readonly (string | ActionWords)[]; or?: boolean };

/** A value of {@link ActionWords}: as it is, a list joined, or a piece worded from the catalog. */
export type WordValue = string | number | WordList | ActionWords;

export type ActionWords = { key: keyof Messages["actionErrors"]; values: Record<string, WordValue> };

/** A refusal's wording, by catalog key: `says("nothingToChange")`. */
export function says(key: ActionWords["key"], values: ActionWords["values"] = {}): ActionWords {
  return { key, values };
}

/** Names joined in the reader's language: a value of `says`. */
export const listOf = (list: WordList["list"], { or = false } = {}): WordList => ({ list, or });

/** One value in `locale`: a list joined by `Intl.ListFormat`, a piece through `t`. */
export function sayValue(value: WordValue, t: Translate, locale: Locale): string | number {
  if (typeof value !== "object") return value;
  if ("list" in value)
    return formatList(
      value.list.map((v) => String(sayValue(v, t, locale))),
      locale,
      value.or ? "disjunction" : "conjunction",
    );
  return sayWords(value, t, locale);
}

/** What `words` say in `locale`, with `t` (next-intl's, from the catalog's root, or `english`). */
export function sayWords(words: ActionWords, t: Translate, locale: Locale): string {
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(words.values)) values[k] = sayValue(v, t, locale);
  return t(`actionErrors.${words.key}`, values);
}
