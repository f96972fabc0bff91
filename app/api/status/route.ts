import { currentUser } from "@/lib/auth/session.ts";
import { statusWallData } from "@/lib/clusters/status-wall.ts";
import { logger } from "@/lib/logger.ts";

export const dynamic = "force-dynamic";

const PRIVATE = { "cache-control": "private, no-store" };

/**
 * The status wall's rows: every team's clusters the signed-in user may list (the API server
 * decides per namespace), with their health. The page renders the same data on the server and
 * keeps it current from the live stream; this route serves the rows to its query when the cache
 * was dropped, and to scripts.
 */
export async function GET(): Promise<Response> {
  const user = await currentUser();
  if (!user) return Response.json({ error: "unauthorized" }, { status: 401, headers: PRIVATE });
  try {
    const data = await statusWallData(user);
    return Response.json(data, { headers: PRIVATE });
  } catch (err) {
    logger.warn({ event: "status.list", err: (err as Error).message }, "status wall failed");
    return Response.json(
      {
        error: "internal:console",
        title: "The status wall is unavailable",
        message: "Try again in a minute.",
      },
      { status: 502, headers: PRIVATE },
    );
  }
}
