"use client";

import { useState } from "react";
import { FormPanel } from "@/components/forms/form-panel.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { Field, inputClass } from "@/components/ui/field.tsx";
import { endSessionsInput } from "@/lib/validation/admin.ts";
import { endUserSessionsAction } from "../_actions/end-sessions.ts";

/** Signs a user out of the console everywhere: their sessions end at their next request. */
export function EndSessionsForm() {
  const [subject, setSubject] = useState("");
  const form = useActionForm({
    schema: endSessionsInput,
    action: endUserSessionsAction,
    success: (d, input: { subject: string }) =>
      d.ended === 0
        ? `${input.subject} has no open console session.`
        : `Ended ${d.ended} console session${d.ended === 1 ? "" : "s"} of ${input.subject}.`,
    onSuccess: () => setSubject(""),
  });
  return (
    <FormPanel
      id="end-sessions"
      title="Sign a user out everywhere"
      form={form}
      onSubmit={() => form.submit({ subject })}
      action="End sessions"
      pendingAction="Ending…"
    >
      <Field
        id="end-sessions-subject"
        label="Username"
        help="Their OIDC username. Open pages and live streams stop at once; signing in again works while the identity provider allows it."
        error={form.fieldErrors.subject}
      >
        <input
          id="end-sessions-subject"
          className={inputClass}
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
          aria-invalid={form.fieldErrors.subject ? true : undefined}
          aria-describedby="end-sessions-subject-help"
          autoComplete="off"
        />
      </Field>
    </FormPanel>
  );
}
