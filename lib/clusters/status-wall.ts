import "server-only";
import { getDb } from "@/db/client.ts";
import { listTeams } from "@/db/queries/teams.ts";
import type { CurrentUser } from "@/lib/auth/session.ts";
import { type ClusterStatusRowWithAddons, clusterStatusRow } from "@/lib/capi/cluster-health.ts";
import { type UserError, userErrorFrom } from "@/lib/errors.ts";
import { teamClusterClasses } from "@/lib/k8s/cluster-classes-cached.ts";
import { teamClusters } from "@/lib/k8s/clusters.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import { logger } from "@/lib/logger.ts";

/** A team as the status wall shows it. */
export type StatusTeam = { slug: string; displayName: string; namespace: string };

export type StatusWallData = {
  /** Teams whose clusters the user may list, by slug. */
  teams: StatusTeam[];
  rows: ClusterStatusRowWithAddons[];
  /** Teams whose clusters could not be read for another reason than a refusal. */
  unreadable: { team: StatusTeam; error: UserError }[];
  /** Kubernetes versions the visible teams' cluster classes declare (for the minor-offering rule). */
  offeredVersions: string[];
};

const refused = (err: unknown) => err instanceof KubeError && (err.status === 403 || err.status === 401);

/**
 * Every team's clusters the user may list, decided per namespace by the same SubjectAccessReview
 * path the live stream uses (`teamClusters`: one cluster-wide review first, so a platform operator
 * bound cluster-wide costs one review; else the namespace's own). Teams the API server refuses are
 * left out silently, exactly as the stream leaves them out; nobody is special-cased here.
 */
export async function statusWallData(user: CurrentUser): Promise<StatusWallData> {
  const teams = (await listTeams(getDb())).map((t) => ({
    slug: t.slug,
    displayName: t.displayName,
    namespace: t.namespace,
  }));
  const results = await Promise.all(
    teams.map(async (team) => {
      try {
        const clusters = await teamClusters(user.identity, team.namespace);
        return { team, rows: clusters.map((c) => clusterStatusRow(c)) };
      } catch (err) {
        if (refused(err)) return { team, rows: null };
        logger.warn(
          { event: "status.team", team: team.slug, err: (err as Error).message },
          "reading a team's clusters for the status wall failed",
        );
        return { team, rows: null, error: userErrorFrom(err) };
      }
    }),
  );
  const visible = results.filter((r) => r.rows !== null);
  const classes = await Promise.all(
    visible.map((r) =>
      teamClusterClasses(user.identity, r.team.namespace).catch((err: unknown) => {
        // The offering rule is a side note: its classes failing must not hide the clusters.
        if (!refused(err)) {
          logger.warn({ event: "status.classes", team: r.team.slug, err: (err as Error).message });
        }
        return [];
      }),
    ),
  );
  const offered = new Set(classes.flat().flatMap((c) => c.spec?.kubernetesVersions ?? []));
  return {
    teams: visible.map((r) => r.team),
    rows: visible.flatMap((r) => r.rows ?? []),
    unreadable: results.flatMap((r) => ("error" in r && r.error ? [{ team: r.team, error: r.error }] : [])),
    offeredVersions: [...offered].sort(),
  };
}
