import { apiHandler } from "@/lib/api/route.ts";
import { v1Route } from "@/lib/api/v1.ts";

export const dynamic = "force-dynamic";

/** `POST /api/v1/admin/teams/{team}/classes/copy`: see lib/api/v1.ts (and the reference at /api/docs). */
export const POST = apiHandler(v1Route("POST", "/admin/teams/{team}/classes/copy"));
