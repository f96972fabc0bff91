"use client";

import { useTranslations } from "next-intl";
import { type ReactNode, useState } from "react";
import { inputClass } from "@/components/ui/field.tsx";
import { FormStatus } from "./form-status.tsx";

/**
 * A destructive action that stays disabled until the user types the object's name: a red panel
 * with what it does, the name to type, the result line and the button.
 */
export function ConfirmByTyping({
  id,
  title,
  children,
  expected,
  inputLabel,
  action,
  pendingAction,
  form,
  onConfirm,
  after,
}: {
  /** Prefixes the heading's and input's ids and the result line's test ids. */
  id: string;
  title: string;
  /** What the action does; "Type <name> to confirm." follows it. */
  children: ReactNode;
  expected: string;
  inputLabel: string;
  action: string;
  pendingAction: string;
  form: { pending: boolean; error: string | null; message: string | null };
  onConfirm: (typed: string) => void;
  /** Shown below the button (the command-line equivalents). */
  after?: ReactNode;
}) {
  const [typed, setTyped] = useState("");
  const t = useTranslations("confirm");
  return (
    <section
      aria-labelledby={`${id}-heading`}
      className="space-y-3 rounded-lg border border-red-200 p-4 dark:border-red-900"
    >
      <h2 id={`${id}-heading`} className="text-lg font-semibold text-red-800 dark:text-red-300">
        {title}
      </h2>
      <p className="text-sm">
        {children}{" "}
        {t.rich("typeToConfirm", {
          name: expected,
          strong: (chunks) => <strong data-i18n-ignore>{chunks}</strong>,
        })}
      </p>
      <label className="sr-only" htmlFor={`${id}-confirm`}>
        {inputLabel}
      </label>
      <input
        id={`${id}-confirm`}
        className={inputClass}
        value={typed}
        autoComplete="off"
        onChange={(e) => setTyped(e.target.value)}
      />
      <FormStatus error={form.error} message={form.message} testId={id} />
      <button
        type="button"
        disabled={typed !== expected || form.pending}
        onClick={() => onConfirm(typed)}
        className="rounded-md bg-red-600 px-3 py-1.5 text-sm text-white disabled:opacity-50"
      >
        {form.pending ? pendingAction : action}
      </button>
      {after}
    </section>
  );
}
