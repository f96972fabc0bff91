import { apiHandler } from "@/lib/api/route.ts";
import { v1Route } from "@/lib/api/v1.ts";

export const dynamic = "force-dynamic";

/** `POST /api/v1/teams/{team}/clusters/{name}/scale`: see lib/api/v1.ts (and the reference at /api/docs). */
export const POST = apiHandler(v1Route("POST", "/teams/{team}/clusters/{name}/scale"));
