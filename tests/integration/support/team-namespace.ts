/**
 * A namespace of a test file's own where alice is team admin (the `kaas:team-admin` ClusterRole),
 * so the demo team's quotas, which other tests fill, never decide the file's tests.
 */
import { adminCredentials } from "@/dev/plane/control.ts";
import { apply, kubeRequest } from "@/dev/plane/kube.ts";

export async function createAliceAdminNamespace(ns: string): Promise<void> {
  const admin = adminCredentials();
  await apply(admin, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  await apply(admin, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: "alice-admin", namespace: ns },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "kaas:team-admin" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "oidc:alice" }],
  });
}

export async function deleteNamespace(ns: string): Promise<void> {
  await kubeRequest(adminCredentials(), "DELETE", `/api/v1/namespaces/${ns}`);
}
