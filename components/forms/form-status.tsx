/** The result line under a form: its error (an alert) or its success message (a status). */
export function FormStatus({
  error,
  message,
  testId,
  statusTestId = `${testId}-status`,
}: {
  error: string | null;
  message: string | null;
  /** Prefix of the lines' test ids: `<testId>-error`, `<testId>-status`. */
  testId: string;
  /** The success line's test id, where `<testId>-status` names something else on the page. */
  statusTestId?: string;
}) {
  if (error)
    return (
      <p role="alert" data-testid={`${testId}-error`} className="text-sm text-red-700 dark:text-red-400">
        {error}
      </p>
    );
  if (message)
    return (
      <p role="status" data-testid={statusTestId} className="text-sm text-emerald-700 dark:text-emerald-400">
        {message}
      </p>
    );
  return null;
}
