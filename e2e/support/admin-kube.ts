/**
 * What the tests check on the management cluster itself, through the admin kubeconfig (never
 * through the console): whether objects exist, and quota settings the tests change and restore.
 */
import { adminCredentials } from "../../dev/plane/control.ts";
import { kubeRequest } from "../../dev/plane/kube.ts";

const clusters = (ns: string) => `/apis/cluster.x-k8s.io/v1beta2/namespaces/${ns}/clusters`;

export async function clusterExists(ns: string, name: string): Promise<boolean> {
  const res = await kubeRequest(adminCredentials(), "GET", `${clusters(ns)}/${name}`);
  return res.status === 200;
}

export async function clusterNames(ns: string): Promise<string[]> {
  const res = await kubeRequest(adminCredentials(), "GET", clusters(ns));
  return ((res.body as { items: { metadata: { name: string } }[] }).items ?? []).map((c) => c.metadata.name);
}

export async function getClusterObject(ns: string, name: string): Promise<Record<string, unknown>> {
  const res = await kubeRequest(adminCredentials(), "GET", `${clusters(ns)}/${name}`);
  if (res.status !== 200) throw new Error(`cluster ${ns}/${name}: ${res.status}`);
  return res.body as Record<string, unknown>;
}

/** Reads any object through the admin kubeconfig; throws unless it exists. */
export async function getObject(path: string): Promise<Record<string, unknown>> {
  const res = await kubeRequest(adminCredentials(), "GET", path);
  if (res.status !== 200) throw new Error(`get ${path}: ${res.status}`);
  return res.body as Record<string, unknown>;
}

/** Deletes a cluster if it exists (test clean-up). */
export async function deleteClusterIfExists(ns: string, name: string): Promise<void> {
  await kubeRequest(adminCredentials(), "DELETE", `${clusters(ns)}/${name}`);
}

/** Sets the team's cluster quota and waits until quota admission uses the new limit. */
export async function setClusterQuota(ns: string, hard: number): Promise<void> {
  const path = `/api/v1/namespaces/${ns}/resourcequotas/kaas-clusters`;
  const res = await kubeRequest(
    adminCredentials(),
    "PATCH",
    path,
    { spec: { hard: { "count/clusters.cluster.x-k8s.io": String(hard) } } },
    "application/merge-patch+json",
  );
  if (res.status !== 200) throw new Error(`quota patch: ${res.status} ${res.text}`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const q = await kubeRequest(adminCredentials(), "GET", path);
    const status = (q.body as { status?: { hard?: Record<string, string> } }).status;
    if (status?.hard?.["count/clusters.cluster.x-k8s.io"] === String(hard)) return;
    if (Date.now() > deadline) throw new Error("quota status not updated");
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Creates an object through the admin kubeconfig (test set-up); throws unless it was created. */
export async function createObject(
  path: string,
  obj: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const res = await kubeRequest(adminCredentials(), "POST", path, obj);
  if (res.status !== 201) throw new Error(`create at ${path}: ${res.status} ${res.text}`);
  return res.body as Record<string, unknown>;
}

/** Writes an object's status subresource (server-side apply), as its controller would. */
export async function patchStatus(path: string, obj: Record<string, unknown>): Promise<void> {
  const res = await kubeRequest(
    adminCredentials(),
    "PATCH",
    `${path}/status?fieldManager=e2e-status&force=true`,
    obj,
    "application/apply-patch+yaml",
  );
  if (res.status >= 300) throw new Error(`status at ${path}: ${res.status} ${res.text}`);
}

/** Deletes an object if it exists (test clean-up). */
export async function deleteObject(path: string): Promise<void> {
  await kubeRequest(adminCredentials(), "DELETE", path);
}
