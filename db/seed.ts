import "server-only";
import type { Db } from "./client.ts";
import { upsertTeam } from "./queries/teams.ts";
import type { Team } from "./schema.ts";

/**
 * Upserts the demo teams team-a and team-b, whose groups match the dev IdP's demo users.
 * Safe to run repeatedly.
 */
export async function seedDemoTeams(db: Db): Promise<Team[]> {
  return db.transaction(async (tx) => [
    await upsertTeam(tx, {
      slug: "team-a",
      displayName: "Team A",
      namespace: "team-a",
      adminGroups: ["team-a-admins"],
      memberGroups: ["team-a"],
      viewerGroups: ["team-a-viewers"],
      maxWorkerNodes: 20,
    }),
    await upsertTeam(tx, {
      slug: "team-b",
      displayName: "Team B",
      namespace: "team-b",
      adminGroups: ["team-b-admins"],
      memberGroups: ["team-b"],
      viewerGroups: ["team-b-viewers"],
      maxWorkerNodes: 10,
    }),
  ]);
}
