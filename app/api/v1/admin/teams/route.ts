import { apiHandler } from "@/lib/api/route.ts";
import { v1Route } from "@/lib/api/v1.ts";

export const dynamic = "force-dynamic";

/** `GET /api/v1/admin/teams`: see lib/api/v1.ts (and the reference at /api/docs). */
export const GET = apiHandler(v1Route("GET", "/admin/teams"));
/** `POST /api/v1/admin/teams`: see lib/api/v1.ts (and the reference at /api/docs). */
export const POST = apiHandler(v1Route("POST", "/admin/teams"));
