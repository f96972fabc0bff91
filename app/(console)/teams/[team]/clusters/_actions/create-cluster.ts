"use server";

import { revalidatePath } from "next/cache";
import { type ActionResult, teamAction } from "@/lib/actions/safe-action.ts";
import { kubectlApplyCommand, toYaml } from "@/lib/capi/cluster-manifest.ts";
import { offersFor, prepareCreate, toFieldErrors } from "@/lib/clusters/operations.ts";
import { createCluster } from "@/lib/k8s/clusters.ts";
import { createClusterInput } from "@/lib/validation/cluster.ts";

export type ClusterPreview = { yaml: string; command: string; fileName: string };

const preview = teamAction({
  schema: createClusterInput,
  name: "cluster.preview",
  run: async ({ user, team, input }): Promise<ClusterPreview> => {
    const { manifest } = await prepareCreate(user, team, input, await offersFor(user, team));
    try {
      // Nothing is stored: the API server runs schema, webhooks and quota as the user would meet them.
      await createCluster(user.identity, team.namespace, manifest, { dryRun: true });
    } catch (err) {
      throw toFieldErrors(err, manifest);
    }
    const fileName = `${input.name}.yaml`;
    return { yaml: toYaml(manifest), command: kubectlApplyCommand(team.namespace, fileName), fileName };
  },
});

const create = teamAction({
  schema: createClusterInput,
  name: "cluster.create",
  run: async ({ user, team, input, audited }): Promise<{ name: string }> => {
    const details = {
      class: input.className,
      version: input.version,
      controlPlaneReplicas: input.controlPlaneReplicas,
      workers: input.workers.map((w) => ({ name: w.name, class: w.class, replicas: w.replicas })),
    };
    // Read before the audited transaction: it queries the database.
    const offers = await offersFor(user, team);
    return audited(
      { action: "cluster.create", targetKind: "Cluster", targetName: input.name, details },
      async () => {
        const { manifest } = await prepareCreate(user, team, input, offers);
        try {
          await createCluster(user.identity, team.namespace, manifest, { dryRun: false });
        } catch (err) {
          throw toFieldErrors(err, manifest);
        }
        revalidatePath(`/teams/${team.slug}/clusters`);
        return { name: input.name };
      },
    );
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
