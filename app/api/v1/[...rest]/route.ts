import { problem } from "@/lib/api/problem.ts";

export const dynamic = "force-dynamic";

/** Any path or method the API does not document: a problem, never a page. */
function notInApi(): Response {
  return problem(404, "No such API operation: see /api/v1/openapi.json.");
}

export const GET = notInApi;
export const POST = notInApi;
export const PUT = notInApi;
export const PATCH = notInApi;
export const DELETE = notInApi;
