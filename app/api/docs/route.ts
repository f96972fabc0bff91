import { apiDocsHtml } from "@/lib/api/docs-html.ts";
import { v1Document } from "@/lib/api/document.ts";

export const dynamic = "force-dynamic";

/** The API reference, rendered on the server from the OpenAPI document; no scripts. */
export function GET(req: Request): Response {
  return new Response(apiDocsHtml(v1Document(), req.headers.get("x-nonce")), {
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" },
  });
}
