"use client";

import { skipToken, useQueries, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { type LiveObject, type LiveStatus, liveConnection } from "./live-connection.ts";
import { applyMessage, initialRows, knownRows, type LiveRow, liveStatusOf, pairKey } from "./merge.ts";
import { type LiveView, liveListKey } from "./query-keys.ts";

/** Module-level on purpose: TanStack re-runs `combine` when its reference changes. */
const dataOf = (results: { data: unknown }[]) => results.map((r) => r.data as LiveRow[] | undefined);

export type LiveList<K extends string, T> = {
  status: LiveStatus | "no-access";
  /** Rows per kind over the namespaces; a kind is absent until a snapshot (or initial rows) arrived. */
  data: Partial<Record<K, T[]>>;
};

/**
 * Keeps the rows of some hub kinds in some namespaces in the query cache (one entry per kind and
 * namespace, `liveListKey`), from the browser's one shared live stream: a snapshot replaces a
 * list (also after each reconnect, which is the resync), changes are merged by `uid`, a revoked
 * namespace's rows go away. Nothing is fetched: until its first snapshot a list holds the page's
 * server-rendered `initial` rows, or nothing, so callers can tell "not yet known" from "none".
 * A namespace that is no longer passed stops counting at once, though its entry outlives the page.
 *
 * `toRow` must be module-level (or memoized): it is what `view` names in the key.
 */
export function useLiveList<K extends string, T extends LiveRow>({
  kinds,
  namespaces,
  cluster,
  view,
  toRow,
  initial = {},
}: {
  kinds: readonly K[];
  namespaces: readonly string[];
  /**
   * Only the objects of this cluster (the cluster page): the server leaves the rest of the
   * namespace out of the stream. The rows are still the stream's, so the caller picks as before.
   */
  cluster?: string;
  view: LiveView;
  toRow: (o: LiveObject) => T;
  /** Server-rendered rows per kind, over all `namespaces`. */
  initial?: Partial<Record<K, readonly T[]>>;
}): LiveList<K, T> {
  const client = useQueryClient();
  const [connection, setConnection] = useState<LiveStatus>("connecting");
  const [revoked, setRevoked] = useState<ReadonlySet<string>>(() => new Set());
  // Callers pass fresh arrays each render: follow their contents, not their identity.
  const kindsKey = kinds.join(",");
  const nsKey = namespaces.join(",");
  const pairs = useMemo(
    () =>
      kindsKey
        .split(",")
        .flatMap((kind) => nsKey.split(",").map((namespace) => ({ kind: kind as K, namespace })))
        .filter((p) => p.kind && p.namespace),
    [kindsKey, nsKey],
  );

  // `combine` keeps the same array while no list changed, so the page's derived views do too.
  const lists = useQueries({
    queries: pairs.map(({ kind, namespace }) => ({
      queryKey: liveListKey(kind, view, namespace),
      queryFn: skipToken,
      // A function: only read when the entry is created, not on every render of a big wall.
      initialData: () => initialRows(initial[kind], namespace, namespaces),
      staleTime: Number.POSITIVE_INFINITY,
    })),
    combine: dataOf,
  });

  useEffect(() => {
    const mark = (key: string, lost: boolean) =>
      setRevoked((s) => {
        if (s.has(key) === lost) return s;
        const next = new Set(s);
        if (lost) next.add(key);
        else next.delete(key);
        return next;
      });
    const offs = pairs.map(({ kind, namespace }) => {
      const key = liveListKey(kind, view, namespace);
      return liveConnection().subscribe({ kind, namespace, cluster }, (m) => {
        if (m.t === "status") {
          setConnection(m.status);
          return;
        }
        if (m.t !== "change") mark(pairKey(kind, namespace), m.t === "revoked");
        client.setQueryData<T[]>(key, (rows) => applyMessage(rows, m, toRow));
      });
    });
    return () => {
      for (const off of offs) off();
    };
  }, [client, pairs, view, toRow, cluster]);

  const data = useMemo(() => {
    const out: Partial<Record<K, T[]>> = {};
    for (const kind of kindsKey.split(",") as K[]) {
      const rows = knownRows(lists.filter((_, i) => pairs[i]?.kind === kind) as (T[] | undefined)[]);
      if (rows) out[kind] = rows;
    }
    return out;
  }, [kindsKey, pairs, lists]);

  return { status: liveStatusOf(connection, revoked, kinds, namespaces), data };
}
