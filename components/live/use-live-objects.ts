"use client";

import { skipToken, useQueries, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { type LiveObject, type LiveStatus, liveConnection } from "./live-connection.ts";
import { mergeChange } from "./merge.ts";

/** Query key of the raw objects of one hub kind in one namespace, as the live stream keeps them. */
export const liveObjectsKey = (namespace: string, kind: string) => ["live", namespace, kind] as const;

/** Module-level on purpose: TanStack re-runs `combine` when its reference changes. */
const dataOf = (results: { data: unknown }[]) => results.map((r) => r.data as LiveObject[] | undefined);

export type LiveObjects = {
  status: LiveStatus | "no-access";
  /** Objects per kind; a kind is absent until its first snapshot (or initial data) arrived. */
  data: Partial<Record<string, LiveObject[]>>;
};

/**
 * Keeps the objects of several hub kinds of one namespace in the query cache, from the browser's
 * one shared live stream: a snapshot replaces a kind's list (also after each reconnect, which is
 * the resync), changes are merged by `uid`. Nothing is fetched: until the stream's first snapshot
 * a kind holds `initial`, or nothing, so callers can tell "not yet known" from "none".
 */
export function useLiveObjects(
  namespace: string,
  kinds: readonly string[],
  initial: Partial<Record<string, LiveObject[]>> = {},
): LiveObjects {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus | "no-access">("connecting");
  const kindsKey = kinds.join(",");
  // `combine` keeps the same array while no kind changed, so the page's derived views do too.
  const lists = useQueries({
    queries: kinds.map((kind) => ({
      queryKey: liveObjectsKey(namespace, kind),
      queryFn: skipToken,
      initialData: initial[kind],
      staleTime: Number.POSITIVE_INFINITY,
    })),
    combine: dataOf,
  });

  useEffect(() => {
    const offs = kindsKey.split(",").map((kind) => {
      const key = liveObjectsKey(namespace, kind);
      return liveConnection().subscribe({ kind, namespace }, (m) => {
        if (m.t === "status") {
          setStatus((s) => (s === "no-access" ? s : m.status));
        } else if (m.t === "snapshot") {
          client.setQueryData<LiveObject[]>(key, m.items);
        } else if (m.t === "change") {
          client.setQueryData<LiveObject[]>(key, (items = []) => mergeChange(items, m.type, m.object));
        } else if (m.t === "revoked") {
          client.setQueryData<LiveObject[]>(key, []);
          setStatus("no-access");
        }
      });
    });
    return () => {
      for (const off of offs) off();
    };
  }, [client, namespace, kindsKey]);

  const data = useMemo(() => {
    const out: Partial<Record<string, LiveObject[]>> = {};
    kindsKey.split(",").forEach((kind, i) => {
      const d = lists[i];
      if (d) out[kind] = d;
    });
    return out;
  }, [kindsKey, lists]);
  return { status, data };
}
