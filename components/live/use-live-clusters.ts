"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { type ClusterSummary, summarizeCluster } from "@/lib/capi/cluster-summary.ts";
import type { Cluster } from "@/lib/k8s/types.ts";
import { type LiveStatus, liveConnection } from "./live-connection.ts";

/** Query key of a team's cluster list (shared with the fetch that seeds it). */
export const clusterListKey = (team: string) => ["clusters", "list", team] as const;

/**
 * Keeps the team's cluster list in the query cache current from the browser's shared live stream:
 * a snapshot replaces the list (also after every reconnect, which is the resync), changes are
 * merged by `uid`. While the stream is down the last known rows stay, and the status says so.
 */
export function useLiveClusters(team: string, namespace: string): LiveStatus | "no-access" {
  const client = useQueryClient();
  const [status, setStatus] = useState<LiveStatus | "no-access">("connecting");
  useEffect(() => {
    const key = clusterListKey(team);
    return liveConnection().subscribe({ kind: "clusters", namespace }, (m) => {
      if (m.t === "status") {
        setStatus(m.status);
      } else if (m.t === "snapshot") {
        client.setQueryData<ClusterSummary[]>(
          key,
          m.items.map((o) => summarizeCluster(o as unknown as Cluster)),
        );
      } else if (m.t === "change") {
        const row = summarizeCluster(m.object as unknown as Cluster);
        client.setQueryData<ClusterSummary[]>(key, (rows = []) => {
          const rest = rows.filter((r) => r.uid !== row.uid);
          return m.type === "DELETED" ? rest : [...rest, row];
        });
      } else if (m.t === "revoked") {
        client.setQueryData<ClusterSummary[]>(key, []);
        setStatus("no-access");
      }
    });
  }, [client, team, namespace]);
  return status;
}
