import type { LiveMessage, LiveObject, LiveStatus } from "./live-connection.ts";

/**
 * A row of a live list: the object itself, or what a page makes of it (a cluster summary, a
 * status-wall row), which then carries its object's `uid` and `namespace`.
 */
export type LiveRow = LiveObject | { uid: string; namespace: string };

/** The uid of the object a row shows. */
export const rowUid = (row: LiveRow): string => ("metadata" in row ? row.metadata.uid : row.uid);

const rowNamespace = (row: LiveRow): string =>
  "metadata" in row ? (row.metadata.namespace ?? "") : row.namespace;

/**
 * Applies one watch change to a list by `uid`: a DELETED drops the row, anything else replaces it
 * in place (keeping the order rows were seen in) or appends it. Returns the same array when
 * nothing changed, so React skips the re-render.
 */
export function mergeChange<T extends LiveRow>(
  rows: readonly T[],
  type: "ADDED" | "MODIFIED" | "DELETED",
  row: T,
): T[] {
  const uid = rowUid(row);
  const i = rows.findIndex((x) => rowUid(x) === uid);
  if (type === "DELETED") return i < 0 ? (rows as T[]) : rows.filter((_, j) => j !== i);
  return i < 0 ? [...rows, row] : rows.map((x, j) => (j === i ? row : x));
}

/** The stream's messages about one (kind, namespace). */
export type ListMessage = Exclude<LiveMessage, { t: "status" }>;

/**
 * What one stream message makes of a (kind, namespace)'s rows: a snapshot replaces them all (the
 * first one, and the resync after every reconnect), a change is merged by `uid`, and a revocation
 * empties the list, since the user may no longer see what it held.
 */
export function applyMessage<T extends LiveRow>(
  rows: readonly T[] | undefined,
  m: ListMessage,
  toRow: (o: LiveObject) => T,
): T[] {
  if (m.t === "snapshot") return m.items.map(toRow);
  if (m.t === "change") return mergeChange(rows ?? [], m.type, toRow(m.object));
  return [];
}

/**
 * The server-rendered rows of one namespace, to seed its cache entry: `undefined` (not yet known)
 * when the page had none of this kind, so that a kind nobody rendered waits for its snapshot
 * instead of showing an empty list.
 */
export function initialRows<T extends LiveRow>(
  rows: readonly T[] | undefined,
  namespace: string,
  namespaces: readonly string[],
): T[] | undefined {
  if (!rows) return undefined;
  return namespaces.length === 1 ? (rows as T[]) : rows.filter((r) => rowNamespace(r) === namespace);
}

/**
 * One kind's rows over several namespaces, from the lists that are known so far; `undefined`
 * while none is. A single list is passed through as is, so its consumers keep their memos.
 */
export function knownRows<T>(lists: readonly (T[] | undefined)[]): T[] | undefined {
  const known = lists.filter((l): l is T[] => l !== undefined);
  if (known.length <= 1) return known[0];
  return known.flat();
}

/** The key of one followed (kind, namespace). */
export const pairKey = (kind: string, namespace: string) => `${kind}|${namespace}`;

/**
 * What the page says about its data: "no-access" once the user lost every namespace of some kind
 * it follows (until a snapshot brings one back), else the connection's state. Losing one team of
 * several only takes that team's rows away.
 */
export function liveStatusOf(
  connection: LiveStatus,
  revoked: ReadonlySet<string>,
  kinds: readonly string[],
  namespaces: readonly string[],
): LiveStatus | "no-access" {
  const lost =
    namespaces.length > 0 && kinds.some((k) => namespaces.every((ns) => revoked.has(pairKey(k, ns))));
  return lost ? "no-access" : connection;
}
