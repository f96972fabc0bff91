"use server";

import { revalidatePath } from "next/cache";
import { getTeamIncludingArchived, namespaceTakenByOtherTeam } from "@/db/queries/team-admin.ts";
import { upsertTeam } from "@/db/queries/teams.ts";
import { platformAction } from "@/lib/actions/platform-action.ts";
import type { ActionResult } from "@/lib/actions/safe-action.ts";
import { ActionError } from "@/lib/errors.ts";
import { NamespaceTakenError, provisionTeam, waitClusterQuota } from "@/lib/k8s/teams.ts";
import { createTeamInput } from "@/lib/validation/admin.ts";

const create = platformAction({
  schema: createTeamInput,
  name: "team.create",
  run: async ({ user, input, audited }) => {
    const namespace = input.slug;
    const groups = { admin: input.adminGroups, member: input.memberGroups, viewer: input.viewerGroups };
    const created = await audited(
      {
        action: "team.create",
        teamSlug: input.slug,
        targetKind: "Team",
        targetName: input.slug,
        details: { namespace, groups, maxClusters: input.maxClusters, maxWorkerNodes: input.maxWorkerNodes },
      },
      async (tx) => {
        const existing = await getTeamIncludingArchived(tx, input.slug);
        if (existing && !existing.archivedAt)
          throw new ActionError("A team with this slug exists already.", { slug: "Already taken" });
        if (await namespaceTakenByOtherTeam(tx, namespace, input.slug))
          throw new ActionError("Another team uses this namespace.", { slug: "Namespace taken" });
        // The row first (an archived team of this slug comes back), then Kubernetes: a refusal
        // there rolls the row back, and provisionTeam undoes its own Kubernetes steps.
        const team = await upsertTeam(tx, {
          slug: input.slug,
          displayName: input.displayName,
          namespace,
          adminGroups: input.adminGroups,
          memberGroups: input.memberGroups,
          viewerGroups: input.viewerGroups,
          maxWorkerNodes: input.maxWorkerNodes,
          archivedAt: null,
        });
        try {
          await provisionTeam(user.identity, {
            namespace,
            slug: input.slug,
            groups,
            maxClusters: input.maxClusters,
          });
        } catch (err) {
          if (err instanceof NamespaceTakenError)
            throw new ActionError(
              `The namespace ${namespace} exists already and is not this team's. Choose another slug.`,
              { slug: "A namespace of this name exists already" },
            );
          throw err;
        }
        revalidatePath("/admin");
        return { slug: team.slug };
      },
    );
    // Ready only once quota admission enforces the quota; waited for after the commit, so the
    // database is not held while kube-controller-manager computes it.
    const quotaReady = await waitClusterQuota(user.identity, namespace, input.maxClusters);
    return { ...created, quotaReady };
  },
});

/**
 * Creates a team as the platform admin: its database row, then its labelled namespace, role
 * bindings to its groups and cluster quota (ready when quota admission enforces it). Audited.
 */
export async function createTeamAction(
  raw: unknown,
): Promise<ActionResult<{ slug: string; quotaReady: boolean }>> {
  return create(raw);
}
