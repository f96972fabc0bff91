"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/safe-action.ts";
import type { Translate } from "@/lib/validation/messages.ts";
import {
  loadedSchemaErrors,
  type RefusalWording,
  refusalMessage,
  type SchemaLoader,
  settle,
  UNREACHABLE,
} from "./action-result.ts";

/** What a form built on `useActionForm` sends, checks, says and does. */
export type ActionFormOptions<I, T> = RefusalWording & {
  action: (input: I) => Promise<ActionResult<T>>;
  /**
   * Loads the action's own schema, checked in the browser first so obvious mistakes need no round
   * trip. A loader (`() => import("@/lib/validation/x.ts").then((m) => m.schema)`), not the schema:
   * zod is 31 KB gzip, so it is fetched at the first submit instead of with the page.
   */
  schema?: SchemaLoader;
  /** Checks beyond the schema (a ClusterClass's variables); answers errors by field path. */
  validate?: (input: I) => Record<string, string> | Promise<Record<string, string>>;
  /** The success line shown under the form. */
  success?: (data: T, input: I) => string | null;
  onSuccess?: (data: T, input: I) => void;
  /** Called on a refusal by the server or an unreachable server, not on the browser's own checks. */
  onFailure?: (formError: string | null) => void;
  /** Re-renders the page's server components after a success so they show the change (default). */
  refresh?: boolean;
};

/**
 * The state of one form around one server action: pending, the form error, field errors and the
 * success line. Checks the input in the browser first, never lets a failed request hang or crash
 * the form, and refreshes the page after a success.
 */
export function useActionForm<I, T>(opts: ActionFormOptions<I, T>) {
  const t = useTranslations("refusals");
  const translate = useTranslations() as unknown as Translate;
  const router = useRouter();
  const [pending, start] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  function submit(input: I) {
    setMessage(null);
    start(async () => {
      const local = {
        ...(await opts.validate?.(input)),
        ...(opts.schema ? await loadedSchemaErrors(opts.schema, input, translate) : {}),
      };
      if (Object.keys(local).length) {
        // Worded as the server would word the same refusal: issues of the whole input are the
        // form error, and a form that shows no field errors says the first of them.
        const { form = null, ...fieldErrors } = local;
        setFieldErrors(fieldErrors);
        setFormError(refusalMessage({ ok: false, formError: form, fieldErrors }, opts));
        return;
      }
      const res = await settle(() => opts.action(input));
      setFieldErrors(res.ok ? {} : res.fieldErrors);
      if (res.ok) {
        setFormError(null);
        setMessage(opts.success?.(res.data, input) ?? null);
        opts.onSuccess?.(res.data, input);
        if (opts.refresh !== false) router.refresh();
      } else {
        const said = refusalMessage(res, opts);
        // The one refusal worded in the browser: the console could not be reached at all.
        const error = said === UNREACHABLE ? t("unreachable") : said;
        setFormError(error);
        opts.onFailure?.(error);
      }
    });
  }

  return { pending, formError, fieldErrors, message, submit };
}
