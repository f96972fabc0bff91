import type { Messages, Translatable } from "../i18n/english.ts";
import type { ClusterAddon, ClusterResourceSetBinding, HelmReleaseProxy } from "../k8s/status-types.ts";
import type { Condition } from "../k8s/types.ts";
import { conditionsOf } from "./cluster-summary.ts";

/**
 * A piece of an add-on's short status: the console's words (a key of the catalog's
 * `addonSummary`) or a value as the add-on reports it (a chart, a version, a Helm status).
 */
export type SummaryPart = string | Translatable<keyof Messages["addonSummary"]>;

function summaryOf(parts: SummaryPart[]): { summaryParts: SummaryPart[] } {
  return { summaryParts: parts };
}

export type AddonState = "ready" | "progressing" | "failed" | "unknown";

/** One chart stage of a Cluster Stacks ClusterAddon (cni, metrics-server, csi, ccm …). */
export type AddonStage = { name: string; action: string; phase: string; state: AddonState };

/** One add-on row: what it is, whether it works, and the words that say why not. */
export type AddonRow = {
  uid: string;
  kind: "ClusterAddon" | "HelmReleaseProxy" | "ClusterResourceSetBinding";
  name: string;
  state: AddonState;
  /**
   * Short status: a Helm release status, "3 of 4 stages done", … for pages to say in the reader's
   * language (`addonSummaryText` in `in-english.ts` says it in English).
   */
  summaryParts: SummaryPart[];
  /** The reason it is not ready, from its conditions (untrusted text). */
  message: string | null;
  stages: AddonStage[];
  /** When its state last changed, if known. */
  updatedAt: string | null;
  /** The console catalog's add-on this row reports (a HelmReleaseProxy of a catalog proxy), if any. */
  addon?: string | null;
};

const CLUSTER_NAME = "cluster.x-k8s.io/cluster-name";
const CHART_PROXY_LABEL = "helmreleaseproxy.addons.cluster.x-k8s.io/helmchartproxy-name";

const FAILED = /fail|error|crashloop|backoff/i;

/** A condition that reports a failure rather than work in progress. */
export function isFailureCondition(c: Condition): boolean {
  if (c.status === "True") return false;
  return c.severity === "Error" || FAILED.test(c.reason ?? "");
}

function latest(conditions: Condition[]): string | null {
  let at: string | null = null;
  for (const c of conditions) {
    if (c.lastTransitionTime && (!at || Date.parse(c.lastTransitionTime) > Date.parse(at))) {
      at = c.lastTransitionTime;
    }
  }
  return at;
}

function messageOf(c: Condition | undefined): string | null {
  if (!c) return null;
  return c.message?.trim() || c.reason || null;
}

/** The CSO stage phases (Pending, waitingForPreCondition, applyingOrDeleting, waitingForPostCondition, done). */
function stageState(phase: string): AddonState {
  if (phase === "done") return "ready";
  if (FAILED.test(phase)) return "failed";
  if (!phase) return "unknown";
  return "progressing";
}

/**
 * A Cluster Stacks ClusterAddon: ready when `status.ready` (or its Ready condition) says so,
 * failed when a stage or a condition reports a failure (its message is the one shown), else
 * progressing through its stages.
 */
export function clusterAddonRow(a: ClusterAddon): AddonRow {
  const conditions = conditionsOf(a);
  const stages: AddonStage[] = (a.status?.stages ?? []).map((s) => {
    const phase = String(s.phase ?? "");
    return {
      name: String(s.name ?? "?"),
      action: String(s.action ?? "apply"),
      phase,
      state: stageState(phase),
    };
  });
  const failure = conditions.find(isFailureCondition);
  const failedStage = stages.find((s) => s.state === "failed");
  const failedResource = (a.status?.resources ?? []).find((r) => r.error);
  // A failure stops the stage that was running: mark it so the right chart shows red.
  if (failure && !failedStage) {
    const running = stages.find((s) => s.state === "progressing");
    if (running) running.state = "failed";
  }
  const readyCond = conditions.find((c) => c.type === "Ready");
  const ready = a.status?.ready === true || readyCond?.status === "True";
  const state: AddonState =
    failure || failedStage || failedResource
      ? "failed"
      : ready
        ? "ready"
        : a.status
          ? "progressing"
          : "unknown";
  const done = stages.filter((s) => s.state === "ready").length;
  const notReady = conditions.find((c) => c.status !== "True");
  return {
    uid: a.metadata.uid ?? a.metadata.name,
    kind: "ClusterAddon",
    name: a.metadata.name,
    state,
    ...summaryOf(
      stages.length
        ? [
            { key: "stagesDone", values: { done, total: stages.length } },
            ...(a.spec?.hook ? [{ key: "hook" as const, values: { hook: a.spec.hook } }] : []),
          ]
        : ready
          ? [{ key: "ready", values: {} }]
          : [{ key: "waitingOperator", values: {} }],
    ),
    message:
      state === "ready"
        ? null
        : (messageOf(failure) ??
          (failedResource
            ? `${failedResource.kind ?? "object"} ${failedResource.name ?? ""}: ${failedResource.error}`
            : null) ??
          (failedStage ? `stage ${failedStage.name} ${failedStage.phase}` : null) ??
          messageOf(notReady)),
    stages,
    updatedAt: latest(conditions),
  };
}

/** The add-on provider Helm's condition reasons, in words. */
const HELM_REASONS: Record<string, string> = {
  PreparingToHelmInstall: "Preparing to install the Helm release",
  HelmReleasePending: "The Helm release is pending",
  HelmInstallOrUpgradeFailed: "Helm install or upgrade failed",
  HelmReleaseDeletionFailed: "Uninstalling the Helm release failed",
  HelmReleaseDeleted: "The Helm release was uninstalled",
  HelmReleaseGetFailed: "Reading the Helm release failed",
  GetClusterFailed: "The add-on provider could not read the Cluster",
  GetKubeconfigFailed: "The add-on provider could not read the cluster's kubeconfig",
  GetCredentialsFailed: "The add-on provider could not read the chart registry's credentials",
  GetCACertificateFailed: "The add-on provider could not read the chart registry's CA certificate",
};

/** A HelmReleaseProxy condition in words: its reason said plainly, then the provider's message. */
function helmWords(c: Condition | undefined): string | null {
  if (!c) return null;
  const reason = c.reason ? (HELM_REASONS[c.reason] ?? c.reason) : null;
  const message = c.message?.trim() || null;
  if (!reason)
    return message ?? (c.type === "ClusterAvailable" ? "Waiting for the cluster to be available" : null);
  return message && message !== c.reason ? `${reason}: ${message}` : reason;
}

const HELM_PENDING = /^(pending-install|pending-upgrade|pending-rollback|uninstalling)$/;

/**
 * A HelmReleaseProxy of the Cluster API add-on provider Helm: its Helm release status
 * (`deployed`, `failed`, `pending-*` …) and its HelmReleaseReady / Ready conditions.
 */
export function helmReleaseRow(h: HelmReleaseProxy): AddonRow {
  const conditions = conditionsOf(h);
  const release = h.status?.status ?? "";
  const failure = conditions.find(isFailureCondition);
  const readyCond = conditions.find((c) => c.type === "Ready" || c.type === "HelmReleaseReady");
  const state: AddonState =
    release === "failed" || failure
      ? "failed"
      : release === "deployed" && readyCond?.status !== "False"
        ? "ready"
        : HELM_PENDING.test(release) || readyCond
          ? "progressing"
          : "unknown";
  const name = h.spec?.releaseName || h.spec?.chartName || h.metadata.name;
  return {
    uid: h.metadata.uid ?? h.metadata.name,
    kind: "HelmReleaseProxy",
    name,
    state,
    ...summaryOf(
      (
        [
          h.spec?.chartName && h.spec.chartName !== name ? h.spec.chartName : null,
          h.spec?.version ?? null,
          release || { key: "noRelease", values: {} },
          h.status?.revision ? { key: "revision", values: { revision: h.status.revision } } : null,
        ] as (SummaryPart | null)[]
      ).filter((p): p is SummaryPart => p !== null),
    ),
    message:
      state === "ready"
        ? null
        : (helmWords(failure) ??
          helmWords(conditions.find((c) => c.type === "HelmReleaseReady" && c.status !== "True")) ??
          helmWords(conditions.find((c) => c.status !== "True")) ??
          (release === "failed" ? "The Helm release failed" : null)),
    stages: [],
    updatedAt: latest(conditions),
    addon: h.metadata.labels?.[CHART_PROXY_LABEL] ?? null,
  };
}

/** A ClusterResourceSetBinding: ready once every resource of every set was applied. */
export function resourceSetRow(b: ClusterResourceSetBinding): AddonRow[] {
  return (b.spec?.bindings ?? []).map((binding, i) => {
    const resources = binding.resources ?? [];
    const applied = resources.filter((r) => r.applied).length;
    const at =
      resources
        .map((r) => r.lastAppliedTime)
        .filter((t): t is string => !!t)
        .sort()
        .at(-1) ?? null;
    return {
      uid: `${b.metadata.uid ?? b.metadata.name}/${i}`,
      kind: "ClusterResourceSetBinding" as const,
      name: binding.clusterResourceSetName ?? b.metadata.name,
      state:
        resources.length > 0 && applied === resources.length ? ("ready" as const) : ("progressing" as const),
      ...summaryOf([{ key: "resourcesApplied", values: { applied, total: resources.length } }]),
      message: null,
      stages: [],
      updatedAt: at,
    };
  });
}

/** All add-ons of a cluster, failed ones first, then by name. */
export function addonRows(
  addons: readonly ClusterAddon[],
  releases: readonly HelmReleaseProxy[],
  bindings: readonly ClusterResourceSetBinding[],
): AddonRow[] {
  const order: Record<AddonState, number> = { failed: 0, progressing: 1, unknown: 2, ready: 3 };
  return [
    ...addons.map(clusterAddonRow),
    ...releases.map(helmReleaseRow),
    ...bindings.flatMap(resourceSetRow),
  ].sort((a, b) => order[a.state] - order[b.state] || a.name.localeCompare(b.name));
}

/**
 * The failed add-on releases of every cluster among `releases`, keyed `<namespace>/<cluster>`: what
 * makes a ready cluster "degraded" on the status wall and the cluster page.
 */
export function addonProblemsByCluster(
  releases: readonly HelmReleaseProxy[],
): Map<string, { name: string; message: string | null; since: string | null }[]> {
  const out = new Map<string, { name: string; message: string | null; since: string | null }[]>();
  for (const h of releases) {
    const cluster = h.metadata.labels?.[CLUSTER_NAME] ?? h.spec?.clusterRef?.name;
    if (!cluster || !h.metadata.namespace) continue;
    const row = helmReleaseRow(h);
    if (row.state !== "failed") continue;
    const key = `${h.metadata.namespace}/${cluster}`;
    out.set(key, [
      ...(out.get(key) ?? []),
      { name: row.addon ?? row.name, message: row.message, since: row.updatedAt },
    ]);
  }
  return out;
}
