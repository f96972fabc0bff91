import { summarizeCluster } from "@/lib/capi/cluster-summary.ts";
import { userErrorFrom } from "@/lib/errors.ts";
import { teamClusters } from "@/lib/k8s/clusters.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import { logger } from "@/lib/logger.ts";
import { teamForRequest } from "@/lib/teams/membership.ts";

export const dynamic = "force-dynamic";

const PRIVATE = { "cache-control": "private, no-store" };

/** The team's clusters, read from the management cluster as the signed-in user. */
export async function GET(_req: Request, ctx: { params: Promise<{ team: string }> }): Promise<Response> {
  const { team: slug } = await ctx.params;
  const access = await teamForRequest(slug);
  if (!access.ok) {
    return Response.json(
      { error: access.status === 401 ? "unauthorized" : "not_found" },
      { status: access.status, headers: PRIVATE },
    );
  }
  try {
    const clusters = await teamClusters(access.user.identity, access.team.namespace);
    return Response.json({ clusters: clusters.map(summarizeCluster) }, { headers: PRIVATE });
  } catch (err) {
    const e = userErrorFrom(err);
    logger.warn(
      { event: "clusters.list", team: slug, code: e.code, err: (err as Error).message },
      "listing clusters failed",
    );
    const status = err instanceof KubeError && err.status === 403 ? 403 : 502;
    return Response.json({ error: e.code, title: e.title, message: e.message }, { status, headers: PRIVATE });
  }
}
