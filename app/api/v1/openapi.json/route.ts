import { v1Document } from "@/lib/api/document.ts";

export const dynamic = "force-dynamic";

/** The API's OpenAPI 3.1 document, generated from the routes' zod schemas. Public: it holds no data. */
export function GET(): Response {
  return Response.json(v1Document(), { headers: { "cache-control": "no-cache" } });
}
