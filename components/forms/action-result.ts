import type { z } from "zod";
import type { ActionResult } from "@/lib/actions/safe-action.ts";
import { issueFields, type Translate } from "@/lib/validation/messages.ts";

type Refused = Extract<ActionResult<unknown>, { ok: false }>;

/** What a form says when the server action itself could not be called. */
export const UNREACHABLE = "The console could not be reached, so nothing was saved. Try again in a moment.";

/**
 * Runs a server action call and answers a refusal when the call itself rejects (network down,
 * server restarted): the form then shows why instead of hanging, or the page's error boundary
 * replacing the whole form.
 */
export async function settle<T>(call: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await call();
  } catch {
    return { ok: false, formError: UNREACHABLE, fieldErrors: {} };
  }
}

/**
 * The errors of `input` under `schema`, by field path (`workers.0.name`), the first per field, in
 * the page's language (`t`: next-intl's, from the catalog's root).
 */
export function schemaErrors(schema: z.ZodType, input: unknown, t: Translate): Record<string, string> {
  const parsed = schema.safeParse(input);
  return parsed.success ? {} : issueFields(parsed.error, { t, page: true });
}

/**
 * Loads a zod schema on demand: a form imports its schema module with `import()`, so zod (31 KB
 * gzip) reaches the browser at the first submit instead of with every page that has a form.
 */
export type SchemaLoader = () => Promise<z.ZodType>;

/**
 * `schemaErrors` under a schema still to be loaded. When the schema cannot be loaded (the console
 * is unreachable), no error: the server action checks the same schema and answers for itself.
 */
export async function loadedSchemaErrors(
  load: SchemaLoader,
  input: unknown,
  t: Translate,
): Promise<Record<string, string>> {
  let schema: z.ZodType;
  try {
    schema = await load();
  } catch {
    return {};
  }
  return schemaErrors(schema, input, t);
}

/** How a form words a refusal; see `refusalMessage`. */
export type RefusalWording = {
  /** Said when the server gave no message of its own; without it the form error stays empty. */
  refused?: string;
  /** The form shows field errors next to the fields, so none is repeated as the form error. */
  showsFieldErrors?: boolean;
};

/**
 * The form error for a refusal: the server's own message; else, where the form shows no field
 * errors, the first of them; else the form's `refused` wording.
 */
export function refusalMessage(res: Refused, wording: RefusalWording): string | null {
  if (res.formError !== null || wording.refused === undefined) return res.formError;
  if (wording.showsFieldErrors) return wording.refused;
  return Object.values(res.fieldErrors)[0] ?? wording.refused;
}
