import { useTranslations } from "next-intl";
import { Fragment } from "react";
import type { Verdict, VerdictMessage, VerdictPart } from "@/lib/capi/timeline.ts";
import type { MessageValues } from "@/lib/i18n/english.ts";

/**
 * The cluster's verdict in the reader's language: the console's sentences translated, the
 * controllers' own words (condition and event messages) as they come, marked as data.
 */
export function VerdictText({ verdict }: { verdict: Verdict }) {
  const t = useTranslations("verdict") as unknown as (key: string, values?: MessageValues) => string;
  const say = (m: VerdictMessage) => t(m.key, m.values);
  const part = (p: VerdictPart) => (
    <>
      {p.say ? say(p.say) : null}
      {p.say && p.doing && p.doing !== "stable" ? ` (${t(`activity.${p.doing}`)})` : null}
      {p.say && p.words ? ": " : null}
      {p.words ? <span data-i18n-ignore>{p.words}</span> : null}
    </>
  );
  if (!verdict.parts.length) return <>{say(verdict.lead)}</>;
  return (
    <>
      {say(verdict.lead)}{" "}
      {verdict.parts.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the reasons are an ordered sentence, never reordered
        <Fragment key={i}>
          {i > 0 ? "; " : null}
          {part(p)}
        </Fragment>
      ))}
      .
      {verdict.warning ? (
        <>
          {" "}
          {t("latestWarning")}{" "}
          <span data-i18n-ignore>
            {verdict.warning.reason}: {verdict.warning.message}
          </span>
          .
        </>
      ) : null}
    </>
  );
}
