import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { type ClusterPreset, clusterPresets } from "../schema.ts";

const presetColumns = {
  id: clusterPresets.id,
  teamId: clusterPresets.teamId,
  name: clusterPresets.name,
  values: clusterPresets.values,
  createdBy: clusterPresets.createdBy,
  updatedAt: clusterPresets.updatedAt,
};

/** A team's saved create-form presets, by name. */
export async function listPresets(db: Db, teamId: string): Promise<ClusterPreset[]> {
  return db
    .select(presetColumns)
    .from(clusterPresets)
    .where(eq(clusterPresets.teamId, teamId))
    .orderBy(asc(clusterPresets.name));
}

/** Saves a preset under its name, replacing one of the same name in the team. */
export async function upsertPreset(
  db: Db,
  preset: { teamId: string; name: string; values: Record<string, unknown>; createdBy: string },
): Promise<ClusterPreset> {
  const [row] = await db
    .insert(clusterPresets)
    .values(preset)
    .onConflictDoUpdate({
      target: [clusterPresets.teamId, clusterPresets.name],
      set: { values: preset.values, createdBy: preset.createdBy, updatedAt: new Date() },
    })
    .returning(presetColumns);
  if (!row) throw new Error("upsertPreset: no row returned");
  return row;
}
