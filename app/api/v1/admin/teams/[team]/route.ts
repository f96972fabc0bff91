import { apiHandler } from "@/lib/api/route.ts";
import { v1Route } from "@/lib/api/v1.ts";

export const dynamic = "force-dynamic";

/** `DELETE /api/v1/admin/teams/{team}`: see lib/api/v1.ts (and the reference at /api/docs). */
export const DELETE = apiHandler(v1Route("DELETE", "/admin/teams/{team}"));
