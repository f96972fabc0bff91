import type { z } from "zod";
import type { ActionResult } from "@/lib/actions/safe-action.ts";

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
 * Field errors keyed by dotted path (`workers.0.replicas`), as forms show them. Here rather than
 * beside the schemas: importing a value from a schema module builds all its schemas and brings
 * zod into the bundle of every page with a form, including those that check nothing in the
 * browser (the cluster page's change panels); the forms that do check pass their own schema.
 */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    out[key] ??= issue.message;
  }
  return out;
}

/** The errors of `input` under `schema`, by field path (`workers.0.name`), the first per field. */
export function schemaErrors(schema: z.ZodType, input: unknown): Record<string, string> {
  const parsed = schema.safeParse(input);
  return parsed.success ? {} : fieldErrors(parsed.error);
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
