/**
 * What a live list's rows are: `toRow`'s output. Part of the key, so that two pages showing a
 * kind alike share a cache entry and two showing it differently never do.
 * - `list`: a team's cluster list (`ClusterSummary`)
 * - `status`: the status wall (`ClusterStatusRow`)
 * - `objects`: the objects as the stream sends them (the cluster page)
 */
export type LiveView = "list" | "status" | "objects";

/**
 * The query key of one kind's rows in one namespace, as the live stream keeps them; shaped like
 * headlamp's `['clusters', 'list', team]` (a team is its namespace here). One entry per namespace,
 * so a page over several teams (the status wall) reads one entry each and a team's rows go with
 * it when the team does.
 */
export const liveListKey = (kind: string, view: LiveView, namespace: string) =>
  [kind, view, namespace] as const;
