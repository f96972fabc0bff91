import { apiHandler } from "@/lib/api/route.ts";
import { v1Route } from "@/lib/api/v1.ts";

export const dynamic = "force-dynamic";

/** `PUT /api/v1/admin/teams/{team}/classes`: see lib/api/v1.ts (and the reference at /api/docs). */
export const PUT = apiHandler(v1Route("PUT", "/admin/teams/{team}/classes"));
