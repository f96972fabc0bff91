import type { ReactNode } from "react";

/** What a page shows instead of an empty table or list: what is missing, and how it comes. */
export function EmptyState({
  testId,
  title,
  children,
  action,
}: {
  testId?: string;
  title: ReactNode;
  /** A sentence on how the missing things appear. */
  children?: ReactNode;
  /** A link to what to do next. */
  action?: ReactNode;
}) {
  return (
    <div
      data-testid={testId}
      className="rounded-lg border border-dashed border-slate-300 p-10 text-center dark:border-slate-700"
    >
      <p className="font-medium">{title}</p>
      {children ? <p className="mt-1 text-sm text-slate-500">{children}</p> : null}
      {action}
    </div>
  );
}
