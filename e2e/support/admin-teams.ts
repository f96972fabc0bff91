/**
 * Team-level checks and clean-up on the management cluster through the admin kubeconfig (never
 * through the console), for the platform admin tests.
 */
import { adminCredentials } from "../../dev/plane/control.ts";
import { kubeRequest } from "../../dev/plane/kube.ts";
import { demoCluster } from "../../dev/plane/seed.ts";

const clusters = (ns: string) => `/apis/cluster.x-k8s.io/v1beta2/namespaces/${ns}/clusters`;

/** Creates a cheap in-memory cluster (1 control plane, 0 workers) as the cluster admin. */
export async function createCheapCluster(ns: string, name: string, className: string): Promise<void> {
  const res = await kubeRequest(
    adminCredentials(),
    "POST",
    clusters(ns),
    demoCluster(ns, name, className, 0),
  );
  if (res.status !== 201) throw new Error(`create cluster ${ns}/${name}: ${res.status} ${res.text}`);
}

/** Deletes every Cluster of a namespace and waits until they are gone (a no-op without one). */
export async function deleteAllClusters(ns: string, timeoutMs = 180_000): Promise<void> {
  const list = async () => {
    const res = await kubeRequest(adminCredentials(), "GET", clusters(ns));
    if (res.status === 404) return [];
    return ((res.body as { items?: { metadata: { name: string } }[] }).items ?? []).map(
      (c) => c.metadata.name,
    );
  };
  for (const name of await list()) await kubeRequest(adminCredentials(), "DELETE", `${clusters(ns)}/${name}`);
  const deadline = Date.now() + timeoutMs;
  while ((await list()).length) {
    if (Date.now() > deadline) throw new Error(`clusters of ${ns} not gone after ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The Group subjects of a RoleBinding, or null when it does not exist. */
export async function roleBindingGroups(ns: string, name: string): Promise<string[] | null> {
  const res = await kubeRequest(
    adminCredentials(),
    "GET",
    `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/${encodeURIComponent(name)}`,
  );
  if (res.status === 404) return null;
  return ((res.body as { subjects?: { kind: string; name: string }[] }).subjects ?? [])
    .filter((s) => s.kind === "Group")
    .map((s) => s.name);
}

/** The namespace's labels, or null when it does not exist. */
export async function namespaceLabels(ns: string): Promise<Record<string, string> | null> {
  const res = await kubeRequest(adminCredentials(), "GET", `/api/v1/namespaces/${ns}`);
  if (res.status === 404) return null;
  return (res.body as { metadata: { labels?: Record<string, string> } }).metadata.labels ?? {};
}

/** The hard cluster count of the team's quota, or null without a quota. */
export async function clusterQuotaHard(ns: string): Promise<string | null> {
  const res = await kubeRequest(
    adminCredentials(),
    "GET",
    `/api/v1/namespaces/${ns}/resourcequotas/kaas-clusters`,
  );
  if (res.status === 404) return null;
  return (
    (res.body as { spec: { hard: Record<string, string> } }).spec.hard["count/clusters.cluster.x-k8s.io"] ??
    null
  );
}

/** Deletes a namespace a test made (an archived team keeps its namespace; tests leave none behind). */
export async function deleteNamespace(ns: string): Promise<void> {
  await kubeRequest(adminCredentials(), "DELETE", `/api/v1/namespaces/${ns}`);
}
