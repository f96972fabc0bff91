import type { UserError } from "@/lib/errors.ts";

/** A readable error: what happened and what to do, never a stack trace. */
export function ErrorPanel({ error }: { error: UserError }) {
  return (
    <div
      role="alert"
      data-testid="error-panel"
      data-code={error.code}
      className="rounded-lg border border-red-200 bg-red-50 p-4 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-medium">{error.title}</p>
      <p className="mt-1 text-sm">{error.message}</p>
    </div>
  );
}
