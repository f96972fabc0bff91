"use server";

import { revalidatePath } from "next/cache";
import { type ActionResult, teamAction } from "@/lib/actions/safe-action.ts";
import { type ChangeReview, removeCluster, scaleCluster, upgradeCluster } from "@/lib/clusters/change.ts";
import { deleteClusterInput, scaleClusterInput, upgradeClusterInput } from "@/lib/validation/cluster.ts";

const clusterPath = (team: string, name: string) => `/teams/${team}/clusters/${name}`;

const reviewScale = teamAction({
  schema: scaleClusterInput,
  name: "cluster.scale.review",
  needs: "member",
  run: (ctx) => scaleCluster(ctx, ctx.input, { dryRun: true }),
});

const scale = teamAction({
  schema: scaleClusterInput,
  name: "cluster.scale",
  needs: "member",
  run: async (ctx) => {
    const review = await scaleCluster(ctx, ctx.input, { dryRun: false });
    revalidatePath(clusterPath(ctx.team.slug, ctx.input.name));
    return review;
  },
});

const reviewUpgrade = teamAction({
  schema: upgradeClusterInput,
  name: "cluster.upgrade.review",
  needs: "member",
  run: (ctx) => upgradeCluster(ctx, ctx.input, { dryRun: true }),
});

const upgrade = teamAction({
  schema: upgradeClusterInput,
  name: "cluster.upgrade",
  needs: "member",
  run: async (ctx) => {
    const review = await upgradeCluster(ctx, ctx.input, { dryRun: false });
    revalidatePath(clusterPath(ctx.team.slug, ctx.input.name));
    return review;
  },
});

const remove = teamAction({
  schema: deleteClusterInput,
  name: "cluster.delete",
  needs: "member",
  run: async (ctx) => {
    const removed = await removeCluster(ctx, ctx.input.name);
    revalidatePath(`/teams/${ctx.team.slug}/clusters`);
    return removed;
  },
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
