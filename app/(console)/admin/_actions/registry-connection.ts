"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client.ts";
import { getTeamBySlug } from "@/db/queries/teams.ts";
import { type ActionResult, platformAction } from "@/lib/actions/safe-action.ts";
import { ActionError, says } from "@/lib/errors.ts";
import { logger } from "@/lib/logger.ts";
import { teamRegistry } from "@/lib/registry/browse.ts";
import { saveRegistryConnection } from "@/lib/registry/connections.ts";
import { inspectRobot, type RobotScope } from "@/lib/registry/robot-scope.ts";
import { saveRegistryConnectionInput } from "@/lib/validation/registry.ts";

const save = platformAction({
  schema: saveRegistryConnectionInput,
  name: "registry-connection.save",
  run: async ({ user, input, audited }) => {
    const { team: slug, ...connection } = input;
    const team = await getTeamBySlug(getDb(), slug);
    if (!team) throw new ActionError(says("teamMissing"));
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
    if (connection.kind !== "harbor") return null;
    // Read back from the stored connection (never from the form): what may its account do?
    try {
      const reg = await teamRegistry(getDb(), team.id);
      return reg ? await inspectRobot(reg, connection.username) : null;
    } catch (err) {
      logger.warn(
        { event: "registry.robot-scope", team: team.slug, err: (err as Error).message },
        "reading the robot account's permissions failed",
      );
      return null;
    }
  },
});

/**
 * Sets the team's registry connection. The secret is write-only: left out, the stored one stays;
 * `null` removes it. Audited, never with the secret. For Harbor, the saved connection's account is
 * then asked what it may do (push, delete, other projects), and the answer comes back as warnings.
 */
export async function saveRegistryConnectionAction(raw: unknown): Promise<ActionResult<RobotScope | null>> {
  return save(raw);
}
