/**
 * The shared zod schemas' own messages as keys of the catalog's `validation` namespace, so one
 * schema serves the API (English, from the English catalog) and the pages (the reader's language)
 * without a second copy. A schema writes `say("enterName")`; whoever shows an issue resolves it with
 * {@link issueText}.
 */
import type { z } from "zod";
import type { Messages, MessageValues } from "@/lib/i18n/english.ts";

export type ValidationKey = Exclude<keyof Messages["validation"], "generic">;

const PREFIX = "validation.";
const VALUES = "|";

/**
 * A schema's message as its catalog key (and values beyond the issue's own `minimum`/`maximum`):
 * `.min(1, say("enterName"))`. Resolved by {@link issueText}, never shown as it is.
 */
export function say(key: ValidationKey, values?: MessageValues): string {
  return `${PREFIX}${key}${values ? `${VALUES}${JSON.stringify(values)}` : ""}`;
}

/** Translates a catalog key (with values) into one language: next-intl's `t` or {@link english}. */
export type Translate = (key: string, values?: MessageValues) => string;

/** The bound an issue names (`At most {maximum} characters`), as message values. */
function boundsOf(issue: z.core.$ZodIssue): MessageValues {
  const out: MessageValues = {};
  for (const k of ["minimum", "maximum"] as const) {
    const v = (issue as { [key in typeof k]?: unknown })[k];
    if (typeof v === "number" || typeof v === "bigint") out[k] = Number(v);
  }
  return out;
}

/** The key and values of a schema's own message, or null for one zod worded itself. */
function keyed(issue: z.core.$ZodIssue): { key: string; values: MessageValues } | null {
  if (!issue.message.startsWith(PREFIX)) return null;
  const cut = issue.message.indexOf(VALUES);
  const key = cut === -1 ? issue.message : issue.message.slice(0, cut);
  const extra = cut === -1 ? {} : (JSON.parse(issue.message.slice(cut + 1)) as MessageValues);
  return { key, values: { ...boundsOf(issue), ...extra } };
}

/** zod's own wording of an issue (input the forms never send), in general words of the catalog. */
function generic(issue: z.core.$ZodIssue): { key: string; values: MessageValues } {
  const bounds = boundsOf(issue);
  const origin = (issue as { origin?: string }).origin;
  const unit = origin === "string" ? "Length" : origin === "array" || origin === "set" ? "Items" : "";
  switch (issue.code) {
    case "too_small":
      return { key: `${PREFIX}generic.atLeast${unit}`, values: bounds };
    case "too_big":
      return { key: `${PREFIX}generic.atMost${unit}`, values: bounds };
    case "invalid_format":
      return { key: `${PREFIX}generic.${issue.format === "url" ? "url" : "format"}`, values: {} };
    case "invalid_value":
      return { key: `${PREFIX}generic.choice`, values: {} };
    case "invalid_type":
      return { key: `${PREFIX}generic.type`, values: {} };
    default:
      return { key: `${PREFIX}generic.invalid`, values: {} };
  }
}

/**
 * Who reads an issue: the API and the CLI (`english` of lib/i18n/english.ts: the schemas' own
 * messages in English, zod's wording as it is, so their output does not change), or a page (its
 * `t`: every issue in the reader's language, zod's own in the catalog's general words). The
 * translator is passed in, so browser bundles never carry the English catalog.
 */
export type Reader = { t: Translate; page: boolean };

/** How zod's English locale begins its own messages ("Invalid input: …", "Too small: …"). */
const ZODS_OWN = /^(Invalid|Too (small|big)|Unrecognized)\b/;

/** What an issue says to `reader`; a message neither keyed nor zod's own as it is. */
export function issueText(issue: z.core.$ZodIssue, reader: Reader): string {
  const own = keyed(issue);
  if (own) return reader.t(own.key, own.values);
  if (!reader.page || !ZODS_OWN.test(issue.message)) return issue.message;
  const g = generic(issue);
  return reader.t(g.key, g.values);
}

/**
 * Field errors keyed by dotted path (`workers.0.replicas`), the first per field; issues of the
 * whole input under `form`.
 */
export function issueFields(error: z.ZodError, reader: Reader): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    out[key] ??= issueText(issue, reader);
  }
  return out;
}
