import { apiHandler } from "@/lib/api/route.ts";
import { v1Route } from "@/lib/api/v1.ts";

export const dynamic = "force-dynamic";

/** `GET|POST /api/v1/teams/{team}/tokens`: see lib/api/v1.ts (and the reference at /api/docs). */
export const GET = apiHandler(v1Route("GET", "/teams/{team}/tokens"));
export const POST = apiHandler(v1Route("POST", "/teams/{team}/tokens"));
