import { type HubKind, isHubKind } from "../k8s/hub/kinds.ts";
import type { StreamScope } from "./cluster-scope.ts";

const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** What a live stream's query asks for. */
export type StreamQuery = {
  kinds: HubKind[];
  namespaces: string[] | undefined;
  scope: StreamScope[] | undefined;
};

/**
 * Reads `/api/stream`'s query: `kinds=clusters,machines` (default clusters), optionally
 * `namespaces=team-a,…`, and `only=kind:namespace:cluster,…` narrowing a (kind, namespace) the
 * stream asks for to the objects of that cluster (the cluster page). "bad" when a kind is unknown,
 * a namespace or cluster name malformed, or an `only` entry names a kind or namespace the stream
 * does not ask for. The route and the bench read stream URLs through this one parser.
 */
export function parseStreamQuery(params: URLSearchParams): StreamQuery | "bad" {
  const kinds = (params.get("kinds") ?? "clusters").split(",").filter(Boolean);
  const nsParam = params.get("namespaces");
  const namespaces = nsParam ? nsParam.split(",").filter(Boolean) : undefined;
  if (!kinds.every(isHubKind) || kinds.length === 0) return "bad";
  if (namespaces && !namespaces.every((n) => NAME.test(n))) return "bad";
  const scope = parseScope(params.get("only"), kinds, namespaces);
  if (scope === "bad") return "bad";
  return { kinds, namespaces, scope };
}

function parseScope(
  param: string | null,
  kinds: readonly string[],
  namespaces: readonly string[] | undefined,
): StreamScope[] | undefined | "bad" {
  if (!param) return undefined;
  const out: StreamScope[] = [];
  for (const entry of param.split(",").filter(Boolean)) {
    const [kind = "", namespace = "", cluster = "", ...rest] = entry.split(":");
    if (
      rest.length ||
      !isHubKind(kind) ||
      !kinds.includes(kind) ||
      !NAME.test(namespace) ||
      !NAME.test(cluster)
    )
      return "bad";
    if (namespaces && !namespaces.includes(namespace)) return "bad";
    out.push({ kind, namespace, cluster });
  }
  return out;
}
