"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { type LiveStatus, liveConnection } from "@/components/live/live-connection.ts";
import { type ClusterStatusRow, clusterStatusRow } from "@/lib/capi/cluster-health.ts";
import type { Cluster } from "@/lib/k8s/types.ts";

/** Query key of the status wall's rows (every visible team's clusters). */
export const statusRowsKey = ["clusters", "status"] as const;

/**
 * Keeps the status wall's rows current from the browser's shared live stream, one interest per
 * team namespace: a namespace's snapshot replaces its rows (also after every reconnect, the
 * resync), changes are merged by `uid`, and a revoked namespace's rows go away. The server checks
 * every (kind, namespace) itself before it sends anything.
 */
export function useLiveStatusRows(namespaces: readonly string[]): LiveStatus {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const key = namespaces.join(",");
  useEffect(() => {
    const update = (fn: (rows: ClusterStatusRow[]) => ClusterStatusRow[]) =>
      client.setQueryData<ClusterStatusRow[]>(statusRowsKey, (rows = []) => fn(rows));
    const unsubscribers = key
      .split(",")
      .filter(Boolean)
      .map((namespace) =>
        liveConnection().subscribe({ kind: "clusters", namespace }, (m) => {
          if (m.t === "status") {
            setStatus(m.status);
          } else if (m.t === "snapshot") {
            const fresh = m.items.map((o) => clusterStatusRow(o as unknown as Cluster));
            update((rows) => [...rows.filter((r) => r.namespace !== namespace), ...fresh]);
          } else if (m.t === "change") {
            const row = clusterStatusRow(m.object as unknown as Cluster);
            update((rows) => {
              const rest = rows.filter((r) => r.uid !== row.uid);
              return m.type === "DELETED" ? rest : [...rest, row];
            });
          } else if (m.t === "revoked") {
            update((rows) => rows.filter((r) => r.namespace !== namespace));
          }
        }),
      );
    return () => {
      for (const u of unsubscribers) u();
    };
  }, [client, key]);
  return status;
}
