/**
 * What a team is offered: its ClusterClasses, described with the Cluster Stacks release each
 * belongs to (stack, release, Kubernetes version), and where an existing cluster may upgrade to.
 */

import { compareNatural } from "../i18n/format.ts";
import type { ObjectMeta } from "../k8s/types.ts";
import { type ClassVariable, classVariables, type RawVariable } from "./variables.ts";

export type ClusterClassObject = {
  metadata: ObjectMeta;
  spec?: {
    kubernetesVersions?: string[];
    workers?: {
      machineDeployments?: { class: string; metadata?: { annotations?: Record<string, string> } }[];
    };
    variables?: RawVariable[];
  };
  status?: { variables?: RawVariable[] };
};

export type ClusterStackReleaseObject = {
  metadata: ObjectMeta;
  status?: { kubernetesVersion?: string; ready?: boolean };
};

/** One cluster class as the create form shows it. */
export type ClassOffer = {
  name: string;
  /** `<provider>-<stack>-<major>-<minor>` when the class is a Cluster Stacks release, else null. */
  stack: string | null;
  /** `v1`, `v2`… of the stack, when known. */
  release: string | null;
  versions: string[];
  workerClasses: { name: string; description: string | null }[];
  variables: ClassVariable[];
  ready: boolean;
};

const STACK_NAME = /^(?<stack>[a-z0-9]+-[a-z0-9]+-\d+-\d+)-(?<release>v\d+)$/;

/** Parses `v1.35.3` into numbers; null when it is no semantic version. */
export function parseVersion(v: string): [number, number, number] | null {
  const m = /^v(\d+)\.(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a) ?? [0, 0, 0];
  const pb = parseVersion(b) ?? [0, 0, 0];
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** Describes each class, taking versions from its ClusterStackRelease when there is one. */
export function classOffers(
  classes: ClusterClassObject[],
  releases: ClusterStackReleaseObject[],
): ClassOffer[] {
  return classes
    .map((cc) => {
      const name = cc.metadata.name;
      const m = STACK_NAME.exec(name);
      const release = releases.find((r) => r.metadata.name === name);
      const fromRelease = release?.status?.kubernetesVersion;
      // The Cluster Stacks webhook requires the version its release names; other classes list theirs.
      const versions = fromRelease
        ? [fromRelease]
        : [...(cc.spec?.kubernetesVersions ?? [])].sort(compareVersions);
      return {
        name,
        stack: m?.groups?.stack ?? null,
        release: m?.groups?.release ?? null,
        versions,
        workerClasses: (cc.spec?.workers?.machineDeployments ?? []).map((md) => ({
          name: md.class,
          description: md.metadata?.annotations?.["kaas.scs.community/description"] ?? null,
        })),
        variables: classVariables(cc),
        ready: release ? release.status?.ready !== false : true,
      };
    })
    .sort((a, b) => compareNatural(a.name, b.name));
}

/** One possible upgrade of a cluster. */
/**
 * A version a cluster may move to; `via`, when the move changes the class, names the cluster stack
 * release (or the class) for the page to word in the reader's language.
 */
export type UpgradeTarget = {
  className: string;
  version: string;
  via?: { stack: string; release: string } | { className: string };
};

/**
 * Where a cluster on `className`/`version` may go: newer patch versions of its class, and newer
 * releases of the same stack whose Kubernetes minor is the same or exactly one higher (Kubernetes
 * and the Cluster Stacks webhook both allow one minor at a time).
 */
export function upgradeTargets(offers: ClassOffer[], className: string, version: string): UpgradeTarget[] {
  const current = parseVersion(version);
  if (!current) return [];
  const own = offers.find((o) => o.name === className);
  const targets: UpgradeTarget[] = [];
  for (const o of offers) {
    const sameClass = o.name === className;
    const sameStackFamily =
      !!own?.stack &&
      !!o.stack &&
      own.stack.split("-").slice(0, 2).join("-") === o.stack.split("-").slice(0, 2).join("-");
    if (!sameClass && !sameStackFamily) continue;
    for (const v of o.versions) {
      const pv = parseVersion(v);
      if (!pv || pv[0] !== current[0] || compareVersions(v, version) <= 0) continue;
      if (pv[1] - current[1] > 1) continue;
      targets.push({
        className: o.name,
        version: v,
        ...(sameClass
          ? {}
          : { via: o.stack && o.release ? { stack: o.stack, release: o.release } : { className: o.name } }),
      });
    }
  }
  return targets.sort((a, b) => compareVersions(a.version, b.version));
}
