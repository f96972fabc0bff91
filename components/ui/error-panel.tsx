import { useTranslations } from "next-intl";
import type { UserError } from "@/lib/errors.ts";

/**
 * A readable error: what happened and what to do, never a stack trace, in the reader's language
 * (the API server's own words, where they are the message, as they come). `prefix` names what
 * failed (a team, on the status wall).
 */
export function ErrorPanel({ error, prefix }: { error: UserError; prefix?: string }) {
  const t = useTranslations("errors") as unknown as (
    key: string,
    values?: Record<string, string | number>,
  ) => string;
  const title = t(`${error.key}.title`);
  return (
    <div
      role="alert"
      data-testid="error-panel"
      data-code={error.code}
      className="rounded-lg border border-red-200 bg-red-50 p-4 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-medium">{prefix ? `${prefix}: ${title}` : title}</p>
      {error.asIs ? (
        <p className="mt-1 text-sm" data-i18n-ignore>
          {error.message}
        </p>
      ) : (
        <p className="mt-1 text-sm">{t(`${error.key}.message`, error.values)}</p>
      )}
    </div>
  );
}
