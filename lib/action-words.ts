/**
 * A refusal's wording as a catalog key (`actionErrors.*`) and values: what pure code that also runs
 * in the browser (the create form's variable and add-on checks) returns, so the page says it in
 * the reader's language. Apart from lib/errors.ts, whose `inEnglish` imports the English catalog:
 * importing `says` from there would put the whole catalog into the browser bundle.
 */
import type { Messages, MessageValues, Translatable } from "@/lib/i18n/english.ts";

export type ActionWords = Translatable<keyof Messages["actionErrors"]>;

/** A refusal's wording, by catalog key: `says("nothingToChange")`. */
export function says(key: ActionWords["key"], values: MessageValues = {}): ActionWords {
  return { key, values };
}
