"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { FormPanel } from "@/components/forms/form-panel.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { Field, inputClass } from "@/components/ui/field.tsx";
import { endUserSessionsAction } from "../_actions/end-sessions.ts";

/** Signs a user out of the console everywhere: their sessions end at their next request. */
export function EndSessionsForm() {
  const [subject, setSubject] = useState("");
  const t = useTranslations("admin.endSessions");
  const form = useActionForm({
    schema: () => import("@/lib/validation/admin.ts").then((m) => m.endSessionsInput),
    action: endUserSessionsAction,
    success: (d, input: { subject: string }) =>
      d.ended === 0
        ? t("none", { subject: input.subject })
        : t("ended", { count: d.ended, subject: input.subject }),
    onSuccess: () => setSubject(""),
  });
  return (
    <FormPanel
      id="end-sessions"
      title={t("title")}
      form={form}
      onSubmit={() => form.submit({ subject })}
      action={t("action")}
      pendingAction={t("pending")}
    >
      <Field
        id="end-sessions-subject"
        label={t("username")}
        help={t("help")}
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
