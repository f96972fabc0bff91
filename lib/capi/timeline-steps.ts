/**
 * The cluster page's history as steps a person recognises (infrastructure, control plane
 * initialised and available, workers joining, ready; scaling, upgrading, deleting; add-ons), each
 * with its start, end, outcome and its raw condition and Event rows. Structured data only: the
 * page words it in the reader's language.
 */
import { ACTIVITY_TYPES } from "./cluster-status.ts";
import type { TimelineEntry } from "./timeline.ts";

export type StepKind =
  | "infrastructure"
  | "control-plane-initialised"
  | "control-plane-available"
  | "workers"
  | "ready"
  | "scaling"
  | "upgrading"
  | "deleting"
  | "addons";

/** The order a cluster's life runs through; steps of one outcome are told in this order. */
export const STEP_ORDER: readonly StepKind[] = [
  "infrastructure",
  "control-plane-initialised",
  "control-plane-available",
  "workers",
  "ready",
  "addons",
  "scaling",
  "upgrading",
  "deleting",
];

export type StepOutcome = "done" | "in-progress" | "failed";

export type TimelineStep = {
  kind: StepKind;
  /** ISO time of its earliest row; null when no row has a time. */
  start: string | null;
  /** ISO time of its latest row once done; null while it goes on or failed. */
  end: string | null;
  /** end − start, once done. */
  durationMs: number | null;
  outcome: StepOutcome;
  /** Failed, or going on with a Warning Event: shown first, opened. */
  problem: boolean;
  errors: number;
  warnings: number;
  /** Machines ready of wanted, for the steps that bring up machines. */
  machines: { ready: number; desired: number } | null;
  /** Its rows, newest first (as the flat timeline had them). */
  entries: TimelineEntry[];
};

/** What the grouping needs to know about the cluster now. */
export type StepContext = {
  /** The cluster's deletionTimestamp, when it is being deleted. */
  deletingSince: string | null;
  /** Machines ready of wanted, for the control plane and for all worker pools. */
  controlPlane?: { ready: number; desired: number };
  workers?: { ready: number; desired: number };
};

const CLUSTER_CONDITION_STEP: Record<string, StepKind> = {
  InfrastructureReady: "infrastructure",
  ControlPlaneInitialized: "control-plane-initialised",
  ControlPlaneAvailable: "control-plane-available",
  ControlPlaneReady: "control-plane-available",
  ControlPlaneMachinesReady: "control-plane-available",
  ControlPlaneMachinesUpToDate: "control-plane-available",
  WorkersAvailable: "workers",
  WorkerMachinesReady: "workers",
  WorkerMachinesUpToDate: "workers",
};

const CONTROL_PLANE_INIT = new Set(["Initialized", "CertificatesAvailable", "MachinesCreated"]);
const UP_TO_DATE = new Set([
  "UpToDate",
  "MachinesUpToDate",
  "ControlPlaneMachinesUpToDate",
  "WorkerMachinesUpToDate",
]);
const ADDON_KINDS = new Set([
  "ClusterAddon",
  "HelmReleaseProxy",
  "HelmChartProxy",
  "ClusterResourceSetBinding",
]);
/** Event reasons that make or remove machines, which after the cluster was up means a scale. */
const MACHINE_CHURN =
  /^(SuccessfulCreate|SuccessfulDelete|SuccessfulScale|ScalingReplicaSet|MachineCreated|MachineDeleted)/;

const time = (at: string | null) => (at ? Date.parse(at) || 0 : 0);

/**
 * An activity condition (the health view's list) that says the activity is not happening ("not
 * scaling"): objects set these when they are made, so they do not date a step. The one exception
 * is `Deleted`: the health view counts it as an activity, but it is not one of the conditions
 * objects set at creation, so its rows still date a step, as before.
 */
const isQuiet = (e: TimelineEntry) =>
  !!e.condition &&
  e.condition.type !== "Deleted" &&
  ACTIVITY_TYPES.has(e.condition.type) &&
  e.condition.status !== "True";

/** The step of a row by what it says, before history is taken into account. */
function baseStep(e: TimelineEntry): StepKind {
  const c = e.condition;
  if (c) {
    if (c.type === "Deleting" && c.status === "True") return "deleting";
    if ((c.type === "ScalingUp" || c.type === "ScalingDown") && c.status === "True") return "scaling";
    if ((c.type === "RollingOut" || c.type === "Updating") && c.status === "True") return "upgrading";
    if (UP_TO_DATE.has(c.type) && c.status === "False") return "upgrading";
  }
  if (ADDON_KINDS.has(e.kind)) return "addons";
  if (e.kind === "Cluster") {
    return (c && CLUSTER_CONDITION_STEP[c.type]) || "ready";
  }
  if (e.kind.endsWith("Cluster") || e.kind.endsWith("ClusterTemplate")) return "infrastructure";
  if (e.kind === "KubeadmControlPlane") {
    return c && CONTROL_PLANE_INIT.has(c.type) ? "control-plane-initialised" : "control-plane-available";
  }
  if (e.role === "control-plane") return "control-plane-available";
  if (e.role === "workers" || e.kind === "MachineDeployment" || e.kind === "MachineSet") return "workers";
  return "ready";
}

function outcomeOf(kind: StepKind, rows: TimelineEntry[], ctx: StepContext): StepOutcome {
  const conditions = rows.filter((r) => r.condition);
  if (conditions.some((r) => r.level === "error")) return "failed";
  if (kind === "deleting") return ctx.deletingSince ? "in-progress" : "done";
  if (conditions.some((r) => r.level !== "ok")) return "in-progress";
  // Only Events: done unless the newest one is a warning nothing has answered since.
  if (conditions.length === 0 && rows[0]?.level === "warning") return "in-progress";
  return "done";
}

/**
 * When a row happened, as far as the step's start and end go: a condition row carries only its
 * last transition, and an object made again with its old status (a management plane restart)
 * keeps transitions from before it existed, which made a step read "took 5 h 14 min". No
 * transition of an object predates its creationTimestamp, so that bounds it.
 */
function rowTime(r: TimelineEntry): string | null {
  if (!r.at || !r.condition || !r.created) return r.at;
  return time(r.created) > time(r.at) ? r.created : r.at;
}

/**
 * Groups the flat timeline (from `buildTimeline`, newest first) into steps. Each condition row
 * carries its last transition only, so a step's start and end are those of the rows it holds. Rows
 * about machines made or removed after the cluster was last Available count as scaling (or
 * upgrading while a rollout runs); a row from after the deletion began counts as deleting.
 * Problems come first, then the steps in the order a cluster's life runs.
 */
export function groupTimeline(entries: readonly TimelineEntry[], ctx: StepContext): TimelineStep[] {
  const available = entries.find(
    (e) => e.kind === "Cluster" && (e.condition?.type === "Available" || e.condition?.type === "Ready"),
  );
  const upAt = available?.condition?.status === "True" && available.at ? time(available.at) : null;
  const rollingOut = entries.some((e) => e.condition?.type === "RollingOut" && e.condition.status === "True");
  const deletingAt = ctx.deletingSince ? time(ctx.deletingSince) : null;

  const byKind = new Map<StepKind, TimelineEntry[]>();
  for (const e of entries) {
    let kind = baseStep(e);
    const at = time(e.at);
    if (deletingAt !== null && e.at && at >= deletingAt) kind = "deleting";
    else if (
      upAt !== null &&
      e.at &&
      at > upAt &&
      e.origin === "event" &&
      MACHINE_CHURN.test(e.title) &&
      (kind === "workers" || kind === "control-plane-available")
    ) {
      kind = rollingOut ? "upgrading" : "scaling";
    }
    byKind.set(kind, [...(byKind.get(kind) ?? []), e]);
  }

  const steps: TimelineStep[] = [];
  for (const [kind, rows] of byKind) {
    // "Not scaling", "not paused" and the like are set when an object is made: they say nothing
    // about when the step began, unless they are all it has.
    const telling = rows.filter((r) => !isQuiet(r));
    const times = (telling.length ? telling : rows).map(rowTime).filter((t): t is string => !!t);
    const sorted = [...times].sort((a, b) => time(a) - time(b));
    const outcome = outcomeOf(kind, rows, ctx);
    const start = sorted[0] ?? null;
    const end = outcome === "done" ? (sorted.at(-1) ?? null) : null;
    const errors = rows.filter((r) => r.level === "error").length;
    const warnings = rows.filter((r) => r.level === "warning").length;
    steps.push({
      kind,
      start,
      end,
      // One moment is no span: a step with a single time has no duration to tell.
      durationMs: start && end && end !== start ? time(end) - time(start) : null,
      outcome,
      // A condition not yet true is progress; a Warning Event while it goes on is trouble.
      problem:
        outcome === "failed" ||
        (outcome === "in-progress" && rows.some((r) => r.origin === "event" && r.level === "warning")),
      errors,
      warnings,
      machines:
        kind === "control-plane-available"
          ? (ctx.controlPlane ?? null)
          : kind === "workers"
            ? (ctx.workers ?? null)
            : null,
      entries: rows,
    });
  }
  const rank = (s: TimelineStep) => (s.outcome === "failed" ? 0 : s.problem ? 1 : 2);
  return steps.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      STEP_ORDER.indexOf(a.kind) - STEP_ORDER.indexOf(b.kind) ||
      time(a.start) - time(b.start),
  );
}
