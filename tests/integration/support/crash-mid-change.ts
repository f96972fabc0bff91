/**
 * Run by audited-write.test.ts in a process of its own: creates a Cluster as alice through the
 * audited write and dies (SIGKILL) right after the API server accepted it, before the outcome is
 * recorded. Arguments: the namespace (where alice is admin) and the cluster's name. Database from DATABASE_URL or PGLITE_DIR, management
 * cluster from KUBECONFIG, as the console has them.
 */
import { getDb } from "@/db/client.ts";
import { audited } from "@/lib/audit/audited.ts";
import { createCluster } from "@/lib/k8s/clusters.ts";
import { kubeIdentity } from "@/lib/k8s/identity.ts";

const [namespace = "", name = ""] = process.argv.slice(2);
const alice = kubeIdentity("alice", []);

await audited(
  getDb(),
  { user: alice.user, email: "alice@example.test", requestId: "crash-mid-change" },
  { action: "cluster.create", teamSlug: namespace, targetKind: "Cluster", targetName: name },
  async () => {
    await createCluster(
      alice,
      namespace,
      {
        apiVersion: "cluster.x-k8s.io/v1beta2",
        kind: "Cluster",
        metadata: { name, namespace },
        // Paused: Cluster API leaves it alone, so the test only has to delete it.
        spec: {
          paused: true,
          topology: {
            classRef: { name: "inmemory-scs-1-35-v1" },
            version: "v1.35.3",
            controlPlane: { replicas: 1 },
          },
        },
      },
      { dryRun: false },
    );
    process.kill(process.pid, "SIGKILL");
  },
);
