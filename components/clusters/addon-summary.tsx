import { useTranslations } from "next-intl";
import type { SummaryPart } from "@/lib/capi/addons.ts";
import type { MessageValues } from "@/lib/i18n/english.ts";

/** An add-on's short status: the console's words translated, what the add-on reports as it comes. */
export function AddonSummary({ parts }: { parts: SummaryPart[] }) {
  const t = useTranslations("addonSummary") as unknown as (key: string, values?: MessageValues) => string;
  return (
    <>
      {parts.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts are an ordered line, never reordered
        <span key={i}>
          {i > 0 ? " · " : null}
          {typeof p === "string" ? <span data-i18n-ignore>{p}</span> : t(p.key, p.values)}
        </span>
      ))}
    </>
  );
}
