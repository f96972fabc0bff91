import type { Messages, Translatable } from "../i18n/english.ts";
import type { KubeEvent } from "../k8s/status-types.ts";
import type { Condition, ObjectMeta } from "../k8s/types.ts";
import type { AddonRow } from "./addons.ts";
import { isFailureCondition } from "./addons.ts";
import {
  type Activity,
  type ClusterObjects,
  conditionIsGood,
  isActivityCondition,
  type Readiness,
} from "./cluster-status.ts";
import { conditionsOf } from "./cluster-summary.ts";

export type TimelineLevel = "error" | "warning" | "info" | "ok";

/** One line of the timeline: a condition's last transition or an Event, about one object. */
export type TimelineEntry = {
  id: string;
  /** ISO time; entries without one sort last. */
  at: string | null;
  /** The object it is about, like "Machine web-md-0-x7k2p". */
  source: string;
  origin: "condition" | "event";
  level: TimelineLevel;
  /** Condition type and status, or the Event's reason. */
  title: string;
  reason: string | null;
  /** Untrusted text from controllers: render as text only. */
  message: string;
  /** How often an Event was seen. */
  count: number;
  /** The kind and name of the object it is about (an Event's involved object). */
  kind: string;
  name: string;
  /** Which part of the cluster the object belongs to, where known. */
  role: "control-plane" | "workers" | null;
  /** The condition a condition row is about (null for an Event). */
  condition: { type: string; status: string } | null;
  /** When the object a condition row is about was made (its creationTimestamp), where known. */
  created?: string | null;
};

type Ref = { name?: string } | undefined;

/** Which names belong to the control plane and which to worker pools, for Events about them. */
function rolesByName(objs: ClusterObjects): Map<string, "control-plane" | "workers"> {
  const roles = new Map<string, "control-plane" | "workers">();
  for (const o of objs.controlPlanes) roles.set(o.metadata.name, "control-plane");
  for (const o of [...objs.machineDeployments, ...objs.machineSets]) roles.set(o.metadata.name, "workers");
  for (const m of objs.machines) {
    const role = machineRole(m);
    const spec = m.spec as { infrastructureRef?: Ref; bootstrap?: { configRef?: Ref } } | undefined;
    for (const n of [m.metadata.name, spec?.infrastructureRef?.name, spec?.bootstrap?.configRef?.name]) {
      if (n) roles.set(n, role);
    }
  }
  return roles;
}

const machineRole = (m: { metadata: ObjectMeta }): "control-plane" | "workers" =>
  m.metadata.labels?.["cluster.x-k8s.io/control-plane"] !== undefined ? "control-plane" : "workers";

function conditionLevel(c: Condition): TimelineLevel {
  if (isFailureCondition(c)) return "error";
  if (conditionIsGood(c)) return "ok";
  return isActivityCondition(c) ? "info" : "warning";
}

function eventTime(e: KubeEvent): string | null {
  return (
    e.series?.lastObservedTime ??
    e.lastTimestamp ??
    e.eventTime ??
    e.firstTimestamp ??
    e.metadata.creationTimestamp ??
    null
  );
}

const time = (at: string | null) => (at ? Date.parse(at) || 0 : 0);

/**
 * One timeline of everything that happened to a cluster and its objects: the last transition of
 * every condition (v1beta1 and v1beta2 shapes alike) of the Cluster, its control plane, worker
 * pools, Machines and add-ons, merged with the Events about them; newest first.
 */
export function buildTimeline(objs: ClusterObjects): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const roles = rolesByName(objs);
  const add = (kind: string, o: { metadata: ObjectMeta; status?: unknown }) => {
    const role = roles.get(o.metadata.name) ?? null;
    for (const c of conditionsOf(o as { status?: { conditions?: Condition[] } })) {
      entries.push({
        id: `${o.metadata.uid ?? o.metadata.name}/${c.type}`,
        at: c.lastTransitionTime ?? null,
        source: `${kind} ${o.metadata.name}`,
        origin: "condition",
        level: conditionLevel(c),
        // English for filters and logs; the page words condition rows from `condition` itself
        // (the catalog's `timeline.condition.*`), so the browser needs no English catalog here.
        title: `${c.type} ${c.status === "True" ? "is true" : c.status === "False" ? "is false" : "is unknown"}`,
        reason: c.reason || null,
        message: c.message?.trim() ?? "",
        count: 1,
        kind,
        name: o.metadata.name,
        role: kind === "Cluster" ? null : role,
        condition: { type: c.type, status: c.status },
        created: o.metadata.creationTimestamp ?? null,
      });
    }
  };
  add("Cluster", objs.cluster);
  for (const o of objs.controlPlanes) add("KubeadmControlPlane", o);
  for (const o of objs.machineDeployments) add("MachineDeployment", o);
  for (const o of objs.machines) add("Machine", o);
  for (const o of objs.clusterAddons) add("ClusterAddon", o);
  for (const o of objs.helmReleaseProxies) add("HelmReleaseProxy", o);
  for (const e of objs.events) {
    const about = e.involvedObject ?? e.regarding ?? {};
    entries.push({
      id: e.metadata.uid ?? `${e.metadata.namespace}/${e.metadata.name}`,
      at: eventTime(e),
      source: `${about.kind ?? "Object"} ${about.name ?? ""}`.trim(),
      origin: "event",
      level: e.type === "Warning" ? "warning" : "info",
      title: e.reason ?? "Event",
      reason: e.reason ?? null,
      message: (e.message ?? e.note ?? "").trim(),
      count: e.series?.count ?? e.count ?? 1,
      kind: about.kind ?? "Object",
      name: about.name ?? "",
      role: (about.name && roles.get(about.name)) || null,
      condition: null,
    });
  }
  return entries.sort((a, b) => time(b.at) - time(a.at) || a.id.localeCompare(b.id));
}

/** First line of an untrusted message, shortened for a sentence. */
function short(text: string, max = 160): string {
  const line =
    text
      .replace(/^\s*\*\s*/, "")
      .split("\n")[0]
      ?.trim() ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A sentence of the verdict: a key of the catalog's `verdict` namespace and its values. */
export type VerdictMessage = Translatable<Exclude<keyof Messages["verdict"], "activity">>;

/**
 * One reason in a verdict: the console's sentence (`say`), what the machines are doing (`doing`),
 * and the controllers' own words after a colon (`words`: untrusted, shown as they come).
 */
export type VerdictPart = { say?: VerdictMessage; doing?: Activity; words?: string };

/**
 * Whether the cluster is up, and if not, why: `lead` and `parts` for pages to say in the reader's
 * language (`verdictText` in `in-english.ts` says it in English for tests, logs and the API).
 */
export type Verdict = {
  ready: boolean;
  lead: VerdictMessage;
  parts: VerdictPart[];
  /** The latest Warning event: its reason and message, untrusted. */
  warning: { reason: string; message: string } | null;
};

const say = (key: VerdictMessage["key"], values: VerdictMessage["values"] = {}): VerdictMessage => ({
  key,
  values,
});

function verdict(
  ready: boolean,
  lead: VerdictMessage,
  parts: VerdictPart[] = [],
  warning: Verdict["warning"] = null,
): Verdict {
  return { ready, lead, parts, warning };
}

/**
 * Answers "why isn't it ready?" in words: what is deleting or paused, which pools have fewer
 * ready machines than wanted, which add-ons failed with their messages, and otherwise the
 * Cluster's own Available (v1beta2) or Ready (v1beta1) condition and the latest warning.
 */
export function whyNotReady(
  objs: ClusterObjects,
  readiness: Readiness,
  addons: readonly AddonRow[],
): Verdict {
  const { cluster } = objs;
  const name = cluster.metadata.name;
  if (cluster.metadata.deletionTimestamp) return verdict(false, say("deleting", { name }));
  const conds = conditionsOf(cluster);
  const available = conds.find((c) => c.type === "Available") ?? conds.find((c) => c.type === "Ready");
  const failed = addons.filter((a) => a.state === "failed");
  const addonParts: VerdictPart[] = failed.map((a) => {
    const stage = a.stages.find((s) => s.state === "failed");
    return {
      say: stage
        ? say("addonFailedStage", { name: a.name, stage: stage.name })
        : say("addonFailed", { name: a.name }),
      ...(a.message ? { words: short(a.message) } : {}),
    };
  });
  const machinesOk = readiness.groups.every((g) => g.ready >= g.desired && g.activity === "stable");
  if (available?.status === "True" && machinesOk) {
    if (addonParts.length) return verdict(false, say("upBut"), addonParts);
    const counts = { ready: readiness.ready, desired: readiness.desired };
    return verdict(true, addons.length ? say("readyWithAddons", counts) : say("ready", counts));
  }

  const parts: VerdictPart[] = [];
  if (cluster.spec.paused || conds.some((c) => c.type === "Paused" && c.status === "True")) {
    parts.push({ say: say("paused") });
  }
  for (const g of readiness.groups) {
    if (g.ready >= g.desired && g.activity === "stable") continue;
    const counts = { ready: g.ready, desired: g.desired };
    parts.push({
      say:
        g.key === "control-plane"
          ? say("groupControlPlane", counts)
          : g.key.startsWith("pool:")
            ? say("groupPool", { ...counts, name: g.key.slice("pool:".length) })
            : say("groupOther", { ...counts, name: g.label.toLowerCase() }),
      doing: g.activity,
    });
  }
  parts.push(...addonParts);
  if (parts.length === 0) {
    const msg = available ? short(available.message ?? "") || available.reason : null;
    parts.push(msg ? { words: msg } : { say: say("notReported") });
  }
  // The sentence ends here: a reason's own final full stop is dropped.
  const last = parts.at(-1) as VerdictPart;
  if (last.words) last.words = last.words.replace(/[.\s]+$/, "");
  const warning = objs.events
    .filter((e) => e.type === "Warning")
    .sort((a, b) => time(eventTime(b)) - time(eventTime(a)))[0];
  // Available but still changing (a scale or a rollout) is not broken: say so.
  return verdict(
    false,
    available?.status === "True" ? say("stillChanging") : say("notReady"),
    parts,
    warning ? { reason: warning.reason ?? "Warning", message: short(warning.message ?? "") } : null,
  );
}
