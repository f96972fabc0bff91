import "server-only";
import { openApiDocument } from "./openapi.ts";
import { V1_ROUTES } from "./v1.ts";

/** The API's OpenAPI document with the live stream, which is no JSON operation. */
export function v1Document(): Record<string, unknown> {
  return openApiDocument(V1_ROUTES, {
    "/api/v1/stream": {
      get: {
        operationId: "stream",
        summary: "Live changes as Server-Sent Events (the stream the pages use)",
        description:
          "Events `snapshot`, `upsert`, `delete` per object (managedFields stripped), for the namespaces you may list. " +
          "At most KAAS_MAX_STREAMS_PER_USER at once.",
        tags: ["live"],
        parameters: [
          {
            name: "kinds",
            in: "query",
            required: false,
            description: "comma-separated: clusters, machines, machineDeployments, … (default clusters)",
            schema: { type: "string" },
          },
          {
            name: "namespaces",
            in: "query",
            required: false,
            description: "comma-separated team namespaces",
            schema: { type: "string" },
          },
          {
            name: "only",
            in: "query",
            required: false,
            description:
              "comma-separated `kind:namespace:cluster`: that kind in that namespace carries only the objects of those clusters " +
              "(Clusters by name; others by the cluster-name label, spec.clusterName/clusterRef or owner; Events by the uid of their object)",
            schema: { type: "string" },
          },
        ],
        responses: {
          "200": {
            description: "the stream",
            content: { "text/event-stream": { schema: { type: "string" } } },
          },
          "400": { description: "unknown kind or namespace" },
          "401": { description: "no valid session or token" },
          "429": { description: "too many streams: retry after `Retry-After` seconds" },
        },
      },
    },
  });
}
