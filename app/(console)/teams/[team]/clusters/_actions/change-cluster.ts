"use server";

import { revalidatePath } from "next/cache";
import { type ActionResult, type TeamActionContext, teamAction } from "@/lib/actions/safe-action.ts";
import { upgradeTargets } from "@/lib/capi/class-catalog.ts";
import { toYaml, workerNodes } from "@/lib/capi/cluster-manifest.ts";
import {
  changeWithGuard,
  checkNodeQuota,
  offersFor,
  scaledTopology,
  toFieldErrors,
} from "@/lib/clusters/operations.ts";
import { type DiffLine, diffLines } from "@/lib/diff.ts";
import { ActionError } from "@/lib/errors.ts";
import { deleteCluster, patchCluster } from "@/lib/k8s/clusters.ts";
import type { Cluster } from "@/lib/k8s/types.ts";
import {
  deleteClusterInput,
  type ScaleClusterInput,
  scaleClusterInput,
  type UpgradeClusterInput,
  upgradeClusterInput,
} from "@/lib/validation/cluster.ts";

/** What a change would do, checked by the API server (dry run), before the user confirms it. */
export type ChangeReview = { diff: DiffLine[] };

type TopologyChange = {
  /** The whole topology after the change (for the diff and for mapping field errors). */
  topology: Record<string, unknown>;
  /** The merge patch of spec.topology that makes the change. */
  patch: Record<string, unknown>;
};

/**
 * The one path of scale and upgrade: compute the change from the cluster as it is now (guarded
 * by the topology the user saw), send it as the user (dry run for review), return its diff. Only
 * the real write is audited; the review changes nothing.
 */
function topologyChange<I extends { name: string; base: string }>(
  ctx: TeamActionContext<I>,
  dryRun: boolean,
  event: { action: string; details: Record<string, unknown> },
  compute: (cluster: Cluster) => Promise<TopologyChange>,
): Promise<ChangeReview> {
  const { user, team, input } = ctx;
  const apply = (): Promise<ChangeReview> =>
    changeWithGuard(user, team, input.name, input.base, async (cluster, resourceVersion) => {
      const { topology, patch } = await compute(cluster);
      try {
        await patchCluster(
          user.identity,
          team.namespace,
          input.name,
          resourceVersion,
          { spec: { topology: patch } },
          { dryRun },
        );
      } catch (err) {
        throw toFieldErrors(err, {
          ...cluster,
          spec: { ...cluster.spec, topology: topology as Cluster["spec"]["topology"] },
        });
      }
      if (!dryRun) revalidatePath(`/teams/${team.slug}/clusters/${input.name}`);
      return { diff: diffLines(toYaml(cluster.spec.topology), toYaml(topology)) };
    });
  if (dryRun) return apply();
  return ctx.audited(
    { action: event.action, targetKind: "Cluster", targetName: input.name, details: event.details },
    apply,
  );
}

const scaleRun =
  (dryRun: boolean) =>
  (ctx: TeamActionContext<ScaleClusterInput>): Promise<ChangeReview> => {
    const { user, team, input } = ctx;
    const details = {
      controlPlaneReplicas: input.controlPlaneReplicas,
      workers: input.workers.map((w) => ({ name: w.name, replicas: w.replicas, autoscaling: w.autoscaling })),
    };
    return topologyChange(ctx, dryRun, { action: "cluster.scale", details }, async (cluster) => {
      const topology = scaledTopology(cluster, input.controlPlaneReplicas, input.workers);
      if (toYaml(topology) === toYaml(cluster.spec.topology)) throw new ActionError("Nothing to change.");
      await checkNodeQuota(user, team, workerNodes(input.workers), input.name);
      return { topology, patch: topology };
    });
  };

const reviewScale = teamAction({
  schema: scaleClusterInput,
  name: "cluster.scale.review",
  run: scaleRun(true),
});
const scale = teamAction({ schema: scaleClusterInput, name: "cluster.scale", run: scaleRun(false) });

const upgradeRun =
  (dryRun: boolean) =>
  async (ctx: TeamActionContext<UpgradeClusterInput>): Promise<ChangeReview> => {
    const { user, team, input } = ctx;
    const details = { className: input.className, version: input.version };
    // Read before the audited transaction: it queries the database.
    const offers = await offersFor(user, team);
    return topologyChange(ctx, dryRun, { action: "cluster.upgrade", details }, async (cluster) => {
      const t = cluster.spec.topology;
      if (!t) throw new ActionError("This cluster has no topology.");
      const allowed = upgradeTargets(offers, t.classRef.name, t.version);
      if (!allowed.some((a) => a.className === input.className && a.version === input.version)) {
        throw new ActionError(
          "That version is not an upgrade this cluster's class allows from its current version.",
          {
            version: "Not an allowed upgrade",
          },
        );
      }
      const classRef = { ...t.classRef, name: input.className };
      return {
        topology: { ...t, classRef, version: input.version },
        patch: { classRef, version: input.version },
      };
    });
  };

const reviewUpgrade = teamAction({
  schema: upgradeClusterInput,
  name: "cluster.upgrade.review",
  run: upgradeRun(true),
});
const upgrade = teamAction({ schema: upgradeClusterInput, name: "cluster.upgrade", run: upgradeRun(false) });

const remove = teamAction({
  schema: deleteClusterInput,
  name: "cluster.delete",
  run: async ({ user, team, input, audited }) =>
    audited({ action: "cluster.delete", targetKind: "Cluster", targetName: input.name }, async () => {
      await deleteCluster(user.identity, team.namespace, input.name);
      revalidatePath(`/teams/${team.slug}/clusters`);
      return { name: input.name };
    }),
});

/** Dry-runs a scale change and returns its diff. */
export async function reviewScaleAction(raw: unknown): Promise<ActionResult<ChangeReview>> {
  return reviewScale(raw);
}

/** Applies a scale change as the user, refused if the spec changed since they loaded it; audited. */
export async function scaleClusterAction(raw: unknown): Promise<ActionResult<ChangeReview>> {
  return scale(raw);
}

/** Dry-runs an upgrade and returns its diff. */
export async function reviewUpgradeAction(raw: unknown): Promise<ActionResult<ChangeReview>> {
  return reviewUpgrade(raw);
}

/** Upgrades the cluster's Kubernetes version (and stack release) as the user; audited. */
export async function upgradeClusterAction(raw: unknown): Promise<ActionResult<ChangeReview>> {
  return upgrade(raw);
}

/** Deletes the cluster as the user after they typed its name; audited. */
export async function deleteClusterAction(raw: unknown): Promise<ActionResult<{ name: string }>> {
  return remove(raw);
}
