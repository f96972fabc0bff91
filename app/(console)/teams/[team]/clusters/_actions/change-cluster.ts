"use server";

import { revalidatePath } from "next/cache";
import {
  ActionError,
  type ActionResult,
  type TeamActionContext,
  teamAction,
} from "@/lib/actions/safe-action.ts";
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
import { deleteCluster, patchCluster } from "@/lib/k8s/clusters.ts";
import {
  deleteClusterInput,
  type ScaleClusterInput,
  scaleClusterInput,
  type UpgradeClusterInput,
  upgradeClusterInput,
} from "@/lib/validation/cluster.ts";

/** What a change would do, checked by the API server (dry run), before the user confirms it. */
export type ChangeReview = { diff: DiffLine[] };

const scaleRun =
  (dryRun: boolean) =>
  async (ctx: TeamActionContext<ScaleClusterInput>): Promise<ChangeReview> => {
    const { user, team, input } = ctx;
    const apply = (): Promise<ChangeReview> =>
      changeWithGuard(user, team, input.name, input.base, async (cluster, resourceVersion) => {
        const topology = scaledTopology(cluster, input.controlPlaneReplicas, input.workers);
        if (toYaml(topology) === toYaml(cluster.spec.topology)) throw new ActionError("Nothing to change.");
        await checkNodeQuota(user, team, workerNodes(input.workers), input.name);
        const manifest = {
          ...cluster,
          spec: { ...cluster.spec, topology: topology as typeof cluster.spec.topology },
        };
        try {
          await patchCluster(
            user.identity,
            team.namespace,
            input.name,
            resourceVersion,
            { spec: { topology } },
            { dryRun },
          );
        } catch (err) {
          throw toFieldErrors(err, manifest);
        }
        if (!dryRun) revalidatePath(`/teams/${team.slug}/clusters/${input.name}`);
        return { diff: diffLines(toYaml(cluster.spec.topology), toYaml(topology)) };
      });
    if (dryRun) return apply();
    const details = {
      controlPlaneReplicas: input.controlPlaneReplicas,
      workers: input.workers.map((w) => ({ name: w.name, replicas: w.replicas, autoscaling: w.autoscaling })),
    };
    return ctx.audited(
      { action: "cluster.scale", targetKind: "Cluster", targetName: input.name, details },
      apply,
    );
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
    const apply = (): Promise<ChangeReview> =>
      changeWithGuard(user, team, input.name, input.base, async (cluster, resourceVersion) => {
        const t = cluster.spec.topology;
        if (!t) throw new ActionError("This cluster has no topology.");
        const allowed = upgradeTargets(await offersFor(user, team), t.classRef.name, t.version);
        if (!allowed.some((a) => a.className === input.className && a.version === input.version)) {
          throw new ActionError(
            "That version is not an upgrade this cluster's class allows from its current version.",
            {
              version: "Not an allowed upgrade",
            },
          );
        }
        const topology = { ...t, classRef: { ...t.classRef, name: input.className }, version: input.version };
        try {
          await patchCluster(
            user.identity,
            team.namespace,
            input.name,
            resourceVersion,
            { spec: { topology: { classRef: topology.classRef, version: input.version } } },
            { dryRun },
          );
        } catch (err) {
          throw toFieldErrors(err, { ...cluster, spec: { ...cluster.spec, topology } });
        }
        if (!dryRun) revalidatePath(`/teams/${team.slug}/clusters/${input.name}`);
        return { diff: diffLines(toYaml(t), toYaml(topology)) };
      });
    if (dryRun) return apply();
    return ctx.audited(
      {
        action: "cluster.upgrade",
        targetKind: "Cluster",
        targetName: input.name,
        details: { className: input.className, version: input.version },
      },
      apply,
    );
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
