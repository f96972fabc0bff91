import type { Db } from "./client.ts";
import { type RegistryConnection, upsertRegistryConnection } from "./queries/registry-connections.ts";
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

/**
 * Points team-a and team-b at the demo registry (`KAAS_DEMO_REGISTRY_URL`), each scoped to its
 * own prefix, with the accounts from `KAAS_DEMO_REGISTRY_TEAM_A_USERNAME` / `…_PASSWORD` (and
 * `TEAM_B`). Run after {@link seedDemoTeams}; safe to run repeatedly. Returns nothing when the
 * URL is not set.
 */
export async function seedDemoRegistryConnections(
  db: Db,
  env: Record<string, string | undefined> = process.env,
): Promise<RegistryConnection[]> {
  const url = env.KAAS_DEMO_REGISTRY_URL;
  if (!url) return [];
  const teams = await seedDemoTeams(db);
  const out: RegistryConnection[] = [];
  for (const team of teams) {
    const key = team.slug.toUpperCase().replace(/-/g, "_");
    const username = env[`KAAS_DEMO_REGISTRY_${key}_USERNAME`] ?? null;
    const password = env[`KAAS_DEMO_REGISTRY_${key}_PASSWORD`];
    out.push(
      await upsertRegistryConnection(db, {
        teamId: team.id,
        actor: "demo-seed",
        input: { kind: "oci", url, repositoryPrefix: `${team.slug}/`, username, secret: password ?? null },
      }),
    );
  }
  return out;
}
