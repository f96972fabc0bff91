import { GET as stream } from "../../stream/route.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The console's live stream (`/api/stream`) under the API's path: the same Server-Sent Events for
 * the same namespaces, authenticated by session cookie or `Authorization: Bearer` token.
 */
export const GET = stream;
