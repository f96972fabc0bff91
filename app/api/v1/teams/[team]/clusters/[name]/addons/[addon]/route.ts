import { apiHandler } from "@/lib/api/route.ts";
import { v1Route } from "@/lib/api/v1.ts";

export const dynamic = "force-dynamic";

/** `PUT /api/v1/teams/{team}/clusters/{name}/addons/{addon}`: see lib/api/v1.ts (and the reference at /api/docs). */
export const PUT = apiHandler(v1Route("PUT", "/teams/{team}/clusters/{name}/addons/{addon}"));
