import { getDb } from "@/db/client.ts";
import { pingDatabase } from "@/db/queries/health.ts";
import { managementClusterReachable } from "@/lib/k8s/health.ts";
import { logger } from "@/lib/logger.ts";
import { isDraining } from "@/lib/server/shutdown.ts";

export const dynamic = "force-dynamic";

/** Readiness: the database answers and the management cluster is reachable; not while shutting down. */
export async function GET(): Promise<Response> {
  if (isDraining()) {
    return Response.json(
      { status: "shutting-down" },
      { status: 503, headers: { "cache-control": "no-store" } },
    );
  }
  const checks = { database: false, managementCluster: false };
  try {
    await pingDatabase(getDb());
    checks.database = true;
  } catch (err) {
    logger.warn({ event: "readyz.database", err: (err as Error).message }, "database not ready");
  }
  checks.managementCluster = await managementClusterReachable();
  const ok = checks.database && checks.managementCluster;
  return Response.json(
    { status: ok ? "ok" : "unavailable", checks },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
