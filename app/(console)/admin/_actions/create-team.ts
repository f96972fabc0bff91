"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client.ts";
import { getTeamIncludingArchived, namespaceTakenByOtherTeam, upsertTeam } from "@/db/queries/teams.ts";
import { type ActionResult, platformAction } from "@/lib/actions/safe-action.ts";
import { ActionError, says } from "@/lib/errors.ts";
import { NamespaceTakenError, provisionTeam } from "@/lib/teams/provisioning.ts";
import { waitClusterQuota } from "@/lib/teams/quotas.ts";
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
      async () => {
        const db = getDb();
        const existing = await getTeamIncludingArchived(db, input.slug);
        if (existing && !existing.archivedAt)
          throw new ActionError(says("slugTaken"), { slug: says("slugTakenField") });
        if (await namespaceTakenByOtherTeam(db, namespace, input.slug))
          throw new ActionError(says("namespaceUsed"), { slug: says("namespaceUsedField") });
        // Kubernetes first (provisionTeam undoes its own steps when one is refused), then the
        // row (an archived team of this slug comes back): a refusal leaves no row behind.
        try {
          await provisionTeam(user.identity, {
            namespace,
            slug: input.slug,
            groups,
            maxClusters: input.maxClusters,
          });
        } catch (err) {
          if (err instanceof NamespaceTakenError)
            throw new ActionError(says("namespaceExists", { namespace }), {
              slug: says("namespaceExistsField"),
            });
          throw err;
        }
        const team = await upsertTeam(db, {
          slug: input.slug,
          displayName: input.displayName,
          namespace,
          adminGroups: input.adminGroups,
          memberGroups: input.memberGroups,
          viewerGroups: input.viewerGroups,
          maxWorkerNodes: input.maxWorkerNodes,
          archivedAt: null,
        });
        revalidatePath("/admin");
        return { slug: team.slug };
      },
    );
    // Ready only once quota admission enforces the quota; waited for after the audited change,
    // whose outcome does not depend on it.
    const quotaReady = await waitClusterQuota(user.identity, namespace, input.maxClusters);
    return { ...created, quotaReady };
  },
});

/**
 * Creates a team as the platform admin: its labelled namespace, role bindings to its groups and
 * cluster quota (ready when quota admission enforces it), then its database row. Audited.
 */
export async function createTeamAction(
  raw: unknown,
): Promise<ActionResult<{ slug: string; quotaReady: boolean }>> {
  return create(raw);
}
