import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { FormStatus } from "./form-status.tsx";

const primaryButton =
  "rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700 disabled:opacity-50";
/** The bordered panel a form (or what stands in for it) sits in. */
export const panelClass = "space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800";

/**
 * A form in its own panel, named by its heading: the fields, the result line and the submit
 * button, which stays disabled while the form is sending.
 */
export function FormPanel({
  id,
  title,
  testId = id,
  form,
  onSubmit,
  action,
  pendingAction,
  disabled = false,
  children,
}: {
  /** Prefixes the heading's id (`<id>-heading`). */
  id: string;
  title: string;
  /** Prefixes the result line's test ids (`<testId>-error`); defaults to `id`. */
  testId?: string;
  form: { pending: boolean; formError: string | null; message: string | null };
  onSubmit: () => void;
  action: string;
  pendingAction?: string;
  disabled?: boolean;
  children: ReactNode;
}) {
  const t = useTranslations("forms");
  return (
    <form
      aria-labelledby={`${id}-heading`}
      className={panelClass}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
      <FormStatus error={form.formError} message={form.message} testId={testId} />
      <button type="submit" disabled={form.pending || disabled} className={primaryButton}>
        {form.pending ? (pendingAction ?? t("saving")) : action}
      </button>
    </form>
  );
}
