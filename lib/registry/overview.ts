import "server-only";
import type { Db } from "@/db/client.ts";
import type { CurrentUser } from "@/lib/auth/session.ts";
import { ActionError, says, type UserError, userErrorFrom } from "@/lib/errors.ts";
import { isPlatformAdmin } from "@/lib/platform.ts";
import { criticalOrHigh, listRepositories, teamRegistry } from "./browse.ts";
import type { RepositoryRow } from "./types.ts";

/** How many of a team's repositories the overview reads (most recently pushed first). */
export const OVERVIEW_REPOSITORIES = 100;

/** One team's registry as the platform admin's overview shows it. */
export type TeamRegistryOverview = {
  team: { slug: string; displayName: string };
  kind: "oci" | "harbor" | null;
  /** All the team's repositories, when the registry says. */
  total?: number;
  /** Repositories read, most recently pushed first, each with its newest artifact's scan. */
  repositories: RepositoryRow[];
  criticalOrHigh: number;
  notScanned: number;
  running: number;
  /** Why the registry could not be read, for the page to say in the reader's language. */
  problem?: UserError;
};

/**
 * Every given team's registry: for Harbor, the newest artifact's scan of each of its most recently
 * pushed repositories. Platform admins only, checked here whatever the page checked. Each team's
 * registry is read through its own connection and scope, as the team's pages read it.
 */
export async function registryOverview(
  db: Db,
  user: CurrentUser,
  teams: readonly { id: string; slug: string; displayName: string }[],
): Promise<TeamRegistryOverview[]> {
  if (!isPlatformAdmin(user)) throw new ActionError(says("registryOverviewAdminsOnly"));
  return Promise.all(
    teams.map(async (t): Promise<TeamRegistryOverview> => {
      const team = { slug: t.slug, displayName: t.displayName };
      const empty = { repositories: [], criticalOrHigh: 0, notScanned: 0, running: 0 };
      try {
        const reg = await teamRegistry(db, t.id);
        if (!reg) return { team, kind: null, ...empty };
        if (reg.kind !== "harbor") return { team, kind: "oci", ...empty };
        const page = await listRepositories(reg, { sort: "-pushed", page: 1 }, OVERVIEW_REPOSITORIES);
        const rows = page.items;
        return {
          team,
          kind: "harbor",
          ...(page.total !== undefined ? { total: page.total } : {}),
          repositories: rows,
          criticalOrHigh: rows.filter((r) => criticalOrHigh(r.scan)).length,
          notScanned: rows.filter((r) => !r.scan).length,
          running: rows.filter((r) => r.scan && ["Running", "Pending", "Scheduled"].includes(r.scan.status))
            .length,
        };
      } catch (err) {
        return { team, kind: "harbor", ...empty, problem: userErrorFrom(err, "platform") };
      }
    }),
  );
}
