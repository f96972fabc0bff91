"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { z } from "zod";
import type { ActionResult } from "@/lib/actions/safe-action.ts";

/**
 * State of one admin form: validates with the action's own zod schema before sending (instant
 * feedback), runs the server action, shows its form and field errors, refreshes on success.
 */
export function useActionForm<T>(opts: {
  schema: z.ZodType;
  action: (raw: unknown) => Promise<ActionResult<T>>;
  success: (data: T) => string;
  onSuccess?: (data: T) => void;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [formError, setFormError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  function submit(input: unknown) {
    setMessage(null);
    const parsed = opts.schema.safeParse(input);
    if (!parsed.success) {
      const errs: Record<string, string> = {};
      for (const issue of parsed.error.issues) errs[issue.path.join(".") || "form"] ??= issue.message;
      setFieldErrors(errs);
      setFormError(null);
      return;
    }
    start(async () => {
      let res: ActionResult<T>;
      try {
        res = await opts.action(input);
      } catch {
        // The request itself failed (network, server restart): say so here instead of letting
        // the page's error boundary replace the whole form.
        setFormError("The console could not be reached, so nothing was saved. Try again in a moment.");
        return;
      }
      if (res.ok) {
        setFormError(null);
        setFieldErrors({});
        setMessage(opts.success(res.data));
        opts.onSuccess?.(res.data);
        router.refresh();
      } else {
        setFormError(res.formError);
        setFieldErrors(res.fieldErrors);
      }
    });
  }

  return { pending, formError, fieldErrors, message, submit };
}
