import { english } from "../i18n/english.ts";
import type { SummaryPart } from "./addons.ts";
import type { Verdict, VerdictMessage, VerdictPart } from "./timeline.ts";
import type { PolicyFinding, PolicyMessage, PolicyResult } from "./version-policy.ts";

/*
 * The status sentences of `addons.ts`, `timeline.ts` and `version-policy.ts` in English, for tests, logs and the API.
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

const policySentence = (m: PolicyMessage) => english(`policy.${m.key}`, m.values);

/**
 * A version-policy verdict in English, as the API reports it: `reason` (the most pressing
 * finding, or why the version complies; empty when there is nothing to say) and each finding's
 * `text`.
 */
export function policyInEnglish<R extends PolicyResult>(
  r: R,
): Omit<R, "findings"> & { reason: string; findings: (PolicyFinding & { text: string })[] } {
  return {
    ...r,
    reason: r.reasonMessage ? policySentence(r.reasonMessage) : "",
    findings: r.findings.map((f) => ({ ...f, text: policySentence(f.message) })),
  };
}
