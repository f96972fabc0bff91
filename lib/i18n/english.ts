import { createTranslator } from "next-intl";
import en from "./messages/en.json";

/** The English catalog's shape: the source of the message keys. */
export type Messages = typeof en;

/** Values a message's placeholders take. */
export type MessageValues = Record<string, string | number>;

/**
 * A sentence the console authored, as a catalog key (relative to a namespace) and its values:
 * what pure `lib/` code returns so a page can say it in the reader's language while the API and
 * the logs keep the English text.
 */
export type Translatable<K extends string = string> = { key: K; values: MessageValues };

const translate = createTranslator({ locale: "en", messages: en }) as unknown as (
  key: string,
  values?: MessageValues,
) => string;

/**
 * A message in English, from the English catalog: the one wording the public API, the CLI and
 * the audit log use, so the catalog stays the only place a sentence is written.
 */
export function english(key: string, values?: MessageValues): string {
  return translate(key, values);
}
