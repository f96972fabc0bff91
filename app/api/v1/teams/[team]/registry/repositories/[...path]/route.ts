import { apiHandler } from "@/lib/api/route.ts";
import { v1Route } from "@/lib/api/v1.ts";

export const dynamic = "force-dynamic";

/**
 * `GET /api/v1/teams/{team}/registry/repositories/{repository}/tags`: a catch-all, as repository
 * names have slashes. See lib/api/v1.ts (and the reference at /api/docs).
 */
export const GET = apiHandler(v1Route("GET", "/teams/{team}/registry/repositories/{repository}/tags"));
