"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client.ts";
import { insertAuditEvent } from "@/db/queries/audit.ts";
import {
  registryConnectionInputSchema,
  upsertRegistryConnection,
} from "@/db/queries/registry-connections.ts";
import { getTeamBySlug } from "@/db/queries/teams.ts";
import type { ActionResult } from "@/lib/actions/safe-action.ts";
import { currentUser } from "@/lib/auth/session.ts";
import { logger } from "@/lib/logger.ts";
import { isPlatformAdmin } from "@/lib/platform.ts";
import { teamSlug } from "@/lib/validation/admin.ts";
import { fieldErrors } from "@/lib/validation/cluster.ts";

const input = z.object({ team: teamSlug, connection: registryConnectionInputSchema });

/**
 * Sets the team's registry connection. The secret is write-only: left out, the stored one stays;
 * `null` removes it. {@link upsertRegistryConnection} writes the row and its audit row (never
 * the secret) in one transaction. Nothing is fetched from the URL here.
 */
export async function saveRegistryConnectionAction(raw: unknown): Promise<ActionResult<null>> {
  const user = await currentUser();
  if (!user) return { ok: false, formError: "Your session has ended. Sign in again.", fieldErrors: {} };
  if (!isPlatformAdmin(user)) return { ok: false, formError: "Not found.", fieldErrors: {} };
  const parsed = input.safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return {
      ok: false,
      formError: errors.connection ?? null,
      fieldErrors: Object.fromEntries(
        Object.entries(errors).map(([k, v]) => [k.replace(/^connection\./, ""), v]),
      ),
    };
  }
  const db = getDb();
  const team = await getTeamBySlug(db, parsed.data.team);
  if (!team) return { ok: false, formError: "This team does not exist or is archived.", fieldErrors: {} };
  try {
    await upsertRegistryConnection(db, {
      teamId: team.id,
      input: (raw as { connection: z.input<typeof registryConnectionInputSchema> }).connection,
      actor: user.identity.user,
    });
  } catch (err) {
    logger.error(
      { event: "action.registry-connection", team: team.slug, err: (err as Error).message },
      "save failed",
    );
    // A failed attempt is audited too (the successful write audits itself in its transaction).
    await insertAuditEvent(db, {
      actor: user.identity.user,
      actorEmail: user.email,
      teamSlug: team.slug,
      action: "registry_connection.upsert",
      targetKind: "RegistryConnection",
      targetName: parsed.data.connection.url,
      outcome: "failed",
      details: { reason: "error" },
    }).catch(() => {});
    return { ok: false, formError: "The connection could not be saved. Try again.", fieldErrors: {} };
  }
  revalidatePath(`/admin/teams/${team.slug}`);
  return { ok: true, data: null };
}
