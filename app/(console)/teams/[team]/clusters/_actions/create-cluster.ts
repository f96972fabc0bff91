"use server";

import { revalidatePath } from "next/cache";
import { type ActionResult, teamAction } from "@/lib/actions/safe-action.ts";
import { type ClusterPreview, createTeamCluster, previewClusterCreate } from "@/lib/clusters/create.ts";

import { createClusterInput } from "@/lib/validation/cluster.ts";

const preview = teamAction({
  schema: createClusterInput,
  name: "cluster.preview",
  needs: "member",
  run: (ctx) => previewClusterCreate(ctx, ctx.input),
});

const create = teamAction({
  schema: createClusterInput,
  name: "cluster.create",
  needs: "member",
  run: async (ctx) => {
    const created = await createTeamCluster(ctx, ctx.input);
    revalidatePath(`/teams/${ctx.team.slug}/clusters`);
    return created;
  },
});

/** Checks a new cluster with the API server (dry run) and returns its YAML; creates nothing. */
export async function previewClusterAction(raw: unknown): Promise<ActionResult<ClusterPreview>> {
  return preview(raw);
}

/** Creates the cluster as the signed-in user, audited. */
export async function createClusterAction(raw: unknown): Promise<ActionResult<{ name: string }>> {
  return create(raw);
}
