import type { Messages, MessageValues, Translatable } from "@/lib/i18n/english.ts";
import { compareNatural } from "../i18n/format.ts";
import type { KubernetesMinor, KubernetesVersions } from "./kubernetes-versions.ts";

export type { KubernetesMinor, KubernetesVersions };

/**
 * The SCS Kubernetes version policy (scs-0210-v2), measured against a file of upstream release
 * dates. Pure: the caller passes the versions, the cluster's version and the time.
 *
 * What the standard asks, with the windows its conformance test uses
 * (`Tests/kaas/scs_0210_version_policy/k8s_version_policy.py`):
 * - the newest minor must be offered no later than 4 months (120 days) after its release;
 * - the newest patch must be in use no later than 1 month (31 days) after its release;
 * - a patch that fixes a critical CVE (CVSS base score >= 8) within 2 weeks, recommended 2 days;
 * - versions are supported as long as upstream supports them: a cluster on a minor past its
 *   end-of-life date fails the check.
 * The minor rule is about what the platform offers (its cluster classes), not about each cluster:
 * a cluster may stay on an older minor while upstream still supports it.
 *
 * Verdicts carry catalog messages only: the status wall runs this in the browser, and the English
 * catalog would add about 18 KB gzip to its bundle. `policyInEnglish` (./in-english.ts) words a
 * verdict in English for the API and tests.
 */
export const POLICY_WINDOWS = {
  minorDays: 120,
  patchDays: 31,
  criticalCveDays: 14,
  criticalCveRecommendedDays: 2,
  /** How long before a minor's end of life a cluster on it is flagged "due soon". */
  endOfLifeWarningDays: 30,
} as const;

const DAY = 86_400_000;

export type KubeVersion = { major: number; minor: number; patch: number; preRelease: boolean };

/** Parses `v1.35.3`, `1.35.3`, `v1.36.0-rc.1` or `v1.35.3+build.1`; null when it is none of these. */
export function parseKubeVersion(version: string): KubeVersion | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.exec(version.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), preRelease: !!m[4] };
}

export type PolicyStatus = "compliant" | "due-soon" | "non-compliant" | "unknown";

export type PolicyRule = "end-of-life" | "patch" | "critical-cve" | "minor" | "version";

/** One rule's verdict, in words a platform operator can act on. */
export type PolicyFinding = {
  rule: PolicyRule;
  status: Exclude<PolicyStatus, "compliant">;
  /** What pages say in the reader's language (the API in English: `policyInEnglish`). */
  message: PolicyMessage;
  /** The date (YYYY-MM-DD, UTC) by which the rule must be met, when there is one. */
  deadline?: string;
};

export type PolicyResult = {
  status: PolicyStatus;
  /** The most pressing finding's message, or why the version complies. */
  reasonMessage: PolicyMessage | null;
  findings: PolicyFinding[];
};

const SEVERITY: Record<PolicyStatus, number> = {
  compliant: 0,
  unknown: 1,
  "due-soon": 2,
  "non-compliant": 3,
};

const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const addDays = (date: string, days: number) => new Date(dayMs(date) + days * DAY).toISOString().slice(0, 10);
/** Past the window: strictly more than `days` after the release (as the conformance test counts). */
const overdue = (released: string, days: number, now: number) => now - dayMs(released) > days * DAY;
const patchNumber = (version: string) => Number(version.split(".")[2]);

/** A policy sentence: a key of the catalog's `policy` namespace and its values. */
export type PolicyMessage = Translatable<keyof Messages["policy"]>;

/** A finding's sentence, as a message to translate. */
function say(key: PolicyMessage["key"], values: MessageValues = {}): { message: PolicyMessage } {
  return { message: { key, values } };
}

function result(findings: PolicyFinding[], compliant: PolicyMessage | null): PolicyResult {
  if (findings.length === 0) return { status: "compliant", reasonMessage: compliant, findings };
  const sorted = [...findings].sort((a, b) => SEVERITY[b.status] - SEVERITY[a.status]);
  const worst = sorted[0] as PolicyFinding;
  return { status: worst.status, reasonMessage: worst.message, findings: sorted };
}

function findMinor(versions: KubernetesVersions, major: number, minor: number): KubernetesMinor | undefined {
  return versions.minors.find((m) => m.minor === `${major}.${minor}`);
}

/**
 * Whether a cluster running `version` meets scs-0210-v2 at `now`: its minor still supported
 * upstream, no newer patch older than 1 month, no critical-CVE fix older than 2 weeks. Patches
 * with a release date after `now` are not out yet and count for nothing.
 */
export function evaluateVersionPolicy(
  version: string,
  versions: KubernetesVersions,
  now: Date | number,
): PolicyResult {
  const t = typeof now === "number" ? now : now.getTime();
  if (!version.trim()) {
    return result([{ rule: "version", status: "unknown", ...say("noVersion") }], null);
  }
  const v = parseKubeVersion(version);
  if (!v) {
    return result(
      [
        {
          rule: "version",
          status: "unknown",
          ...say("notAVersion", { version }),
        },
      ],
      null,
    );
  }
  // The version as the messages show it; "(pre-release)" is the catalog's to say (`pre`).
  const shown = `v${v.major}.${v.minor}.${v.patch}`;
  const pre = v.preRelease ? "yes" : "no";
  const minor = findMinor(versions, v.major, v.minor);
  if (!minor) {
    return result(
      [
        {
          rule: "version",
          status: "unknown",
          ...say("notInFile", { minor: `${v.major}.${v.minor}`, version: shown, pre }),
        },
      ],
      null,
    );
  }
  const findings: PolicyFinding[] = [];

  if (minor.endOfLife) {
    if (t >= dayMs(minor.endOfLife)) {
      findings.push({
        rule: "end-of-life",
        status: "non-compliant",
        ...say("endOfLife", { minor: minor.minor, date: minor.endOfLife }),
        deadline: minor.endOfLife,
      });
    } else if (dayMs(minor.endOfLife) - t <= POLICY_WINDOWS.endOfLifeWarningDays * DAY) {
      findings.push({
        rule: "end-of-life",
        status: "due-soon",
        ...say("endOfLifeSoon", { minor: minor.minor, date: minor.endOfLife }),
        deadline: minor.endOfLife,
      });
    }
  }

  // Patches released by now that are newer than the cluster's; a pre-release is older than its
  // own patch's release.
  const newer = minor.patches
    .filter((p) => dayMs(p.released) <= t)
    .filter((p) => patchNumber(p.version) > v.patch || (v.preRelease && patchNumber(p.version) === v.patch))
    .sort((a, b) => patchNumber(a.version) - patchNumber(b.version));
  if (v.preRelease && v.patch === 0 && dayMs(minor.released) <= t) {
    newer.unshift({ version: `${minor.minor}.0`, released: minor.released, criticalCve: false });
  }

  const critical = newer.filter((p) => p.criticalCve);
  const criticalLate = critical.filter((p) => overdue(p.released, POLICY_WINDOWS.criticalCveDays, t)).at(-1);
  if (criticalLate) {
    findings.push({
      rule: "critical-cve",
      status: "non-compliant",
      ...say("criticalCveMissing", {
        version: shown,
        pre,
        fix: criticalLate.version,
        released: criticalLate.released,
      }),
      deadline: addDays(criticalLate.released, POLICY_WINDOWS.criticalCveDays),
    });
  } else if (critical[0]) {
    const p = critical[0];
    const deadline = addDays(p.released, POLICY_WINDOWS.criticalCveDays);
    findings.push({
      rule: "critical-cve",
      status: "due-soon",
      ...say("criticalCveDue", { fix: p.version, released: p.released, version: shown, pre, deadline }),
      deadline,
    });
  }

  const patchLate = newer.filter((p) => overdue(p.released, POLICY_WINDOWS.patchDays, t)).at(-1);
  if (patchLate) {
    findings.push({
      rule: "patch",
      status: "non-compliant",
      ...say("patchLate", { version: shown, pre, patch: patchLate.version, released: patchLate.released }),
      deadline: addDays(patchLate.released, POLICY_WINDOWS.patchDays),
    });
  }
  const newest = newer.at(-1);
  if (newest && newest !== patchLate) {
    const deadline = addDays(newest.released, POLICY_WINDOWS.patchDays);
    findings.push({
      rule: "patch",
      status: "due-soon",
      ...say("patchDue", { patch: newest.version, released: newest.released, version: shown, pre, deadline }),
      deadline,
    });
  }

  return result(
    findings,
    minor.endOfLife
      ? say("newestPatchSupported", { version: shown, pre, minor: minor.minor, date: minor.endOfLife })
          .message
      : say("newestPatch", { version: shown, pre, minor: minor.minor }).message,
  );
}

/**
 * Whether the platform offers the newest Kubernetes minor in time: the newest minor whose 4-month
 * window has passed must be offered by some cluster class (non-compliant otherwise), and a newer
 * minor still inside its window is "due soon" until it is offered. `offered` are the versions the
 * cluster classes declare.
 */
export function evaluateMinorOffering(
  offered: readonly string[],
  versions: KubernetesVersions,
  now: Date | number,
): PolicyResult {
  const t = typeof now === "number" ? now : now.getTime();
  const key = (m: string) => m.split(".").map(Number) as [number, number];
  const cmp = (a: string, b: string) => {
    const [am, an] = key(a);
    const [bm, bn] = key(b);
    return am - bm || an - bn;
  };
  const offeredMinors = new Set(
    offered.map(parseKubeVersion).flatMap((v) => (v && !v.preRelease ? [`${v.major}.${v.minor}`] : [])),
  );
  const newestOffered = [...offeredMinors].sort(cmp).at(-1);
  if (!newestOffered) {
    return result(
      [
        {
          rule: "minor",
          status: "unknown",
          ...say("noOfferDeclared"),
        },
      ],
      null,
    );
  }
  const released = versions.minors
    .filter((m) => dayMs(m.released) <= t)
    .sort((a, b) => cmp(a.minor, b.minor));
  const findings: PolicyFinding[] = [];
  const required = released.filter((m) => overdue(m.released, POLICY_WINDOWS.minorDays, t)).at(-1);
  if (required && cmp(newestOffered, required.minor) < 0) {
    findings.push({
      rule: "minor",
      status: "non-compliant",
      ...say("minorNotOffered", {
        minor: required.minor,
        released: required.released,
        offered: newestOffered,
      }),
      deadline: addDays(required.released, POLICY_WINDOWS.minorDays),
    });
  }
  const newest = released.at(-1);
  if (newest && newest !== required && cmp(newestOffered, newest.minor) < 0) {
    const deadline = addDays(newest.released, POLICY_WINDOWS.minorDays);
    findings.push({
      rule: "minor",
      status: "due-soon",
      ...say("minorDue", { minor: newest.minor, released: newest.released, deadline }),
      deadline,
    });
  }
  return result(findings, say("minorOffered", { minor: newestOffered }).message);
}

/**
 * Whether the platform offers the newest patch of each minor it offers in time (the standard's
 * "latest patch version MUST be provided no later than 1 month after release", 2 weeks for a
 * critical-CVE fix): per offered minor, its newest offered patch is measured by the patch and
 * critical-CVE rules of {@link evaluateVersionPolicy}. This is the rule the standard's own test
 * checks; a single cluster may stay on an older patch by its owner's choice.
 */
export function evaluatePatchOffering(
  offered: readonly string[],
  versions: KubernetesVersions,
  now: Date | number,
): PolicyResult {
  const newestPerMinor = new Map<string, KubeVersion>();
  for (const v of offered.map(parseKubeVersion)) {
    if (!v || v.preRelease) continue;
    const key = `${v.major}.${v.minor}`;
    const seen = newestPerMinor.get(key);
    if (!seen || v.patch > seen.patch) newestPerMinor.set(key, v);
  }
  if (newestPerMinor.size === 0) {
    return result(
      [
        {
          rule: "patch",
          status: "unknown",
          ...say("noOfferDeclared"),
        },
      ],
      null,
    );
  }
  const findings: PolicyFinding[] = [];
  const known: string[] = [];
  for (const [minor, v] of [...newestPerMinor].sort(([a], [b]) => compareNatural(a, b))) {
    // Minors the versions file does not list cannot be judged here; the cluster rows say so.
    if (!findMinor(versions, v.major, v.minor)) continue;
    known.push(`v${minor}.${v.patch}`);
    const r = evaluateVersionPolicy(`v${minor}.${v.patch}`, versions, now);
    for (const f of r.findings) {
      if (f.rule === "patch" || f.rule === "critical-cve")
        findings.push({ ...f, ...say(`offered.${f.message.key}` as PolicyMessage["key"], f.message.values) });
    }
  }
  return result(
    findings,
    known.length
      ? say("patchesOffered", { versions: known.join(", ") }).message
      : say("patchesOfferedNone").message,
  );
}
