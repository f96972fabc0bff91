/**
 * Input schemas shared by the cluster forms (client-side feedback) and the server actions (the
 * check that counts). Cluster API's and the API server's own validation still run on every
 * write through a dry run.
 */
import { z } from "zod";
import { addonChoice } from "./addon-choice.ts";

/** A Kubernetes object name usable as a Cluster name (DNS-1123 label, as Cluster API prefixes it). */
export const clusterName = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(63, "At most 63 characters")
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    "Lowercase letters, digits and '-', starting and ending with a letter or digit",
  );

/** A worker pool name (it becomes part of MachineDeployment names). */
export const poolName = z
  .string()
  .trim()
  .min(1, "Enter a pool name")
  .max(40, "At most 40 characters")
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "Lowercase letters, digits and '-'");

const labelKey = z
  .string()
  .regex(
    /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
    "Not a valid label key",
  );
const labelValue = z
  .string()
  .regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, "Not a valid label value");

export const taint = z.object({
  key: labelKey,
  value: labelValue.optional().default(""),
  effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
});

export const workerPool = z
  .object({
    name: poolName,
    class: z.string().min(1, "Choose a worker class"),
    replicas: z.number().int("Whole numbers only").min(0, "At least 0").max(500, "At most 500"),
    autoscaling: z
      .object({ min: z.number().int().min(0), max: z.number().int().min(1).max(500) })
      .refine((a) => a.min <= a.max, { message: "Minimum must not exceed maximum", path: ["min"] })
      .nullable()
      .default(null),
    labels: z.record(labelKey, labelValue).default({}),
    taints: z.array(taint).max(20).default([]),
  })
  .refine((p) => !p.autoscaling || (p.replicas >= p.autoscaling.min && p.replicas <= p.autoscaling.max), {
    message: "Replicas must lie within the autoscaler bounds",
    path: ["replicas"],
  });

export const controlPlaneReplicas = z
  .number()
  .int()
  .refine((n) => [1, 3, 5].includes(n), "Choose 1, 3 or 5 control plane nodes");

/** The create form. Variables are checked against the class's schemas separately. */
export const createClusterInput = z
  .object({
    team: z.string().min(1),
    name: clusterName,
    className: z.string().min(1, "Choose a cluster class"),
    version: z.string().regex(/^v\d+\.\d+\.\d+/, "Choose a Kubernetes version"),
    controlPlaneReplicas,
    workers: z.array(workerPool).min(1, "Add at least one worker pool").max(10),
    variables: z.record(z.string(), z.unknown()).default({}),
    /** Optional add-ons (the team's catalog), checked against their definitions on the server. */
    addons: z.array(addonChoice).max(50).default([]),
  })
  .refine((v) => new Set(v.workers.map((w) => w.name)).size === v.workers.length, {
    message: "Worker pool names must be unique",
    path: ["workers"],
  });

export type CreateClusterInput = z.infer<typeof createClusterInput>;

/**
 * Scaling (and adding or removing pools) on a loaded cluster, guarded by the fingerprint of the
 * topology the user saw (lib/capi/topology-fingerprint.ts).
 */
export const scaleClusterInput = z
  .object({
    team: z.string().min(1),
    name: clusterName,
    base: z.string().min(8).max(100),
    controlPlaneReplicas,
    workers: z.array(workerPool).max(10),
  })
  .refine((v) => new Set(v.workers.map((w) => w.name)).size === v.workers.length, {
    message: "Worker pool names must be unique",
    path: ["workers"],
  });

export type ScaleClusterInput = z.infer<typeof scaleClusterInput>;

export const upgradeClusterInput = z.object({
  team: z.string().min(1),
  name: clusterName,
  base: z.string().min(8).max(100),
  className: z.string().min(1),
  version: z.string().regex(/^v\d+\.\d+\.\d+/),
});

export type UpgradeClusterInput = z.infer<typeof upgradeClusterInput>;

export const deleteClusterInput = z
  .object({ team: z.string().min(1), name: clusterName, confirmName: z.string() })
  .refine((v) => v.confirmName === v.name, {
    message: "Type the cluster's name to confirm",
    path: ["confirmName"],
  });

export type DeleteClusterInput = z.infer<typeof deleteClusterInput>;

/** A saved create form: everything but the cluster's name. */
export const presetValues = z.object({
  className: z.string().min(1),
  version: z.string(),
  controlPlaneReplicas,
  workers: z.array(workerPool).max(10),
  variables: z.record(z.string(), z.unknown()).default({}),
});

export type PresetValues = z.infer<typeof presetValues>;

export const savePresetInput = z.object({
  team: z.string().min(1),
  presetName: z.string().trim().min(1, "Name the preset").max(60, "At most 60 characters"),
  values: presetValues,
});
