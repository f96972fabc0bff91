"use server";

import { revalidatePath } from "next/cache";
import { type ActionResult, teamAction } from "@/lib/actions/safe-action.ts";
import { type AddonChangeReview, changeClusterAddon } from "@/lib/addons/cluster-addons.ts";
import { clusterAddonInput } from "@/lib/validation/addons.ts";

const review = teamAction({
  schema: clusterAddonInput,
  name: "cluster.addon.review",
  needs: "member",
  run: (ctx) => changeClusterAddon(ctx, ctx.input, { dryRun: true }),
});

const change = teamAction({
  schema: clusterAddonInput,
  name: "cluster.addon",
  needs: "member",
  run: async (ctx) => {
    const done = await changeClusterAddon(ctx, ctx.input, { dryRun: false });
    revalidatePath(`/teams/${ctx.team.slug}/clusters/${ctx.input.name}`);
    return done;
  },
});

/** Dry-runs enabling, disabling or reconfiguring an add-on on a cluster: the diff and kubectl. */
export async function reviewClusterAddonAction(raw: unknown): Promise<ActionResult<AddonChangeReview>> {
  return review(raw);
}

/** Enables, disables or reconfigures an add-on on a cluster as the user (label + annotations); audited. */
export async function changeClusterAddonAction(raw: unknown): Promise<ActionResult<AddonChangeReview>> {
  return change(raw);
}
