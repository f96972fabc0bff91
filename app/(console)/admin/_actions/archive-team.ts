"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client.ts";
import { archiveTeamRow, getTeamBySlug } from "@/db/queries/teams.ts";
import { type ActionResult, platformAction } from "@/lib/actions/safe-action.ts";
import { ActionError, says } from "@/lib/errors.ts";
import { listClusters } from "@/lib/k8s/clusters.ts";
import { removeTeamAccess } from "@/lib/teams/provisioning.ts";
import { archiveTeamInput } from "@/lib/validation/admin.ts";

const archive = platformAction({
  schema: archiveTeamInput,
  name: "team.archive",
  run: async ({ user, input, audited }) =>
    audited(
      { action: "team.archive", teamSlug: input.team, targetKind: "Team", targetName: input.team },
      async () => {
        const team = await getTeamBySlug(getDb(), input.team);
        if (!team) throw new ActionError(says("teamMissingAlready"));
        const refuseIfClusters = async () => {
          const clusters = await listClusters(user.identity, team.namespace);
          if (clusters.length)
            throw new ActionError(
              says("teamHasClusters", {
                team: team.slug,
                count: clusters.length,
                names: clusters.map((c) => c.metadata.name).join(", "),
              }),
            );
        };
        // The usual refusal, before anyone loses access even for a moment.
        await refuseIfClusters();
        // Removing the role bindings ends everyone's access; the namespace, its quota and the
        // audit history stay, so creating the team again brings it back. Checked once more once
        // access has ended: a cluster created since the first check stops the archive. The row
        // is archived only after that, so a refusal leaves the team as it was.
        await removeTeamAccess(user.identity, team.namespace, refuseIfClusters);
        await archiveTeamRow(getDb(), team.id);
        revalidatePath("/admin");
        return { slug: team.slug };
      },
    ),
});

/** Archives a team that has no clusters: nobody keeps access, history is kept. Audited. */
export async function archiveTeamAction(raw: unknown): Promise<ActionResult<{ slug: string }>> {
  return archive(raw);
}
