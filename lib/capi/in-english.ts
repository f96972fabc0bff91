import { english } from "../i18n/english.ts";
import type { SummaryPart } from "./addons.ts";
import type { Verdict, VerdictMessage, VerdictPart } from "./timeline.ts";

/*
 * The status sentences of `addons.ts` and `timeline.ts` in English, for tests, logs and the API.
 * Apart from those modules because the browser runs them too: a value import of the English
 * catalog there put all of it (about 14 KB gzip) into the first-load JavaScript of the cluster
 * list and the cluster page, which say everything in the reader's language anyway.
 */

/** An add-on row's short status in English: "4 of 4 stages done · hook AfterControlPlaneInitialized". */
export function addonSummaryText(parts: readonly SummaryPart[]): string {
  return parts
    .map((p) => (typeof p === "string" ? p : english(`addonSummary.${p.key}`, p.values)))
    .join(" · ");
}

const sentence = (m: VerdictMessage) => english(`verdict.${m.key}`, m.values);

/** One reason of a verdict in English. */
function partText(p: VerdictPart): string {
  const doing = p.doing && p.doing !== "stable" ? ` (${english(`verdict.activity.${p.doing}`)})` : "";
  const said = p.say ? `${sentence(p.say)}${doing}` : "";
  return said && p.words ? `${said}: ${p.words}` : said || (p.words ?? "");
}

/** Whether the cluster is up, and if not why, in English: "Not ready: pool md-0 has …". */
export function verdictText(v: Pick<Verdict, "lead" | "parts" | "warning">): string {
  if (!v.parts.length) return sentence(v.lead);
  const tail = v.warning
    ? ` ${english("verdict.latestWarning")} ${v.warning.reason}: ${v.warning.message}.`
    : "";
  return `${sentence(v.lead)} ${v.parts.map(partText).join("; ")}.${tail}`;
}
