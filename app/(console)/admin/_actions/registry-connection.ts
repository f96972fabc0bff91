"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client.ts";
import { getTeamBySlug } from "@/db/queries/teams.ts";
import { type ActionResult, platformAction } from "@/lib/actions/safe-action.ts";
import { ActionError } from "@/lib/errors.ts";
import { saveRegistryConnection } from "@/lib/registry/connections.ts";
import { saveRegistryConnectionInput } from "@/lib/validation/registry.ts";

const save = platformAction({
  schema: saveRegistryConnectionInput,
  name: "registry-connection.save",
  run: async ({ user, input, audited }) => {
    const { team: slug, ...connection } = input;
    const team = await getTeamBySlug(getDb(), slug);
    if (!team) throw new ActionError("This team does not exist or is archived.");
    await audited(
      {
        action: "registry_connection.upsert",
        teamSlug: team.slug,
        targetKind: "RegistryConnection",
        targetName: connection.url,
        // Never the secret: only whether it changed.
        details: {
          kind: connection.kind,
          username: connection.username,
          secretChanged: connection.secret !== undefined,
        },
      },
      () => saveRegistryConnection(getDb(), { teamId: team.id, connection, actor: user.identity.user }),
    );
    revalidatePath(`/admin/teams/${team.slug}`);
    return null;
  },
});

/**
 * Sets the team's registry connection. The secret is write-only: left out, the stored one stays;
 * `null` removes it. Nothing is fetched from the URL here. Audited, never with the secret.
 */
export async function saveRegistryConnectionAction(raw: unknown): Promise<ActionResult<null>> {
  return save(raw);
}
