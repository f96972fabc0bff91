"use client";

import { skipToken, useQueries, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { type LiveObject, type LiveStatus, liveConnection } from "./live-connection.ts";

/** Query key of the raw objects of one hub kind in one namespace, as the live stream keeps them. */
export const liveObjectsKey = (namespace: string, kind: string) => ["live", namespace, kind] as const;

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
  const results = useQueries({
    queries: kinds.map((kind) => ({
      queryKey: liveObjectsKey(namespace, kind),
      queryFn: skipToken,
      initialData: initial[kind],
      staleTime: Number.POSITIVE_INFINITY,
    })),
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
          const o = m.object;
          client.setQueryData<LiveObject[]>(key, (items = []) => {
            const i = items.findIndex((x) => x.metadata.uid === o.metadata.uid);
            if (m.type === "DELETED") return i < 0 ? items : items.filter((_, j) => j !== i);
            return i < 0 ? [...items, o] : items.map((x, j) => (j === i ? o : x));
          });
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
      const d = results[i]?.data as LiveObject[] | undefined;
      if (d) out[kind] = d;
    });
    return out;
  }, [kindsKey, results]);
  return { status, data };
}
