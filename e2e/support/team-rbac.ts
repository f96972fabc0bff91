/**
 * Team RoleBindings and the cloud credentials Secret as the admin kubeconfig sees them (never
 * through the console): what the members tests check and clean up.
 */
import { adminCredentials } from "../../dev/plane/control.ts";
import { kubeRequest } from "../../dev/plane/kube.ts";

type Binding = {
  metadata: { name: string; labels?: Record<string, string> };
  roleRef: { name: string };
  subjects?: { kind: string; name: string }[];
};

const bindingsPath = (ns: string) => `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`;

/** The RoleBindings of a namespace that name `subject` (a full name such as `oidc:dave`). */
export async function bindingsNaming(ns: string, subject: string): Promise<Binding[]> {
  const res = await kubeRequest(adminCredentials(), "GET", bindingsPath(ns));
  if (res.status !== 200) throw new Error(`rolebindings ${ns}: ${res.status}`);
  return ((res.body as { items: Binding[] }).items ?? []).filter((b) =>
    (b.subjects ?? []).some((s) => s.name === subject),
  );
}

/** Deletes every RoleBinding of the namespace that names only `subject` (test clean-up). */
export async function deleteBindingsNaming(ns: string, subject: string): Promise<void> {
  for (const b of await bindingsNaming(ns, subject)) {
    if ((b.subjects ?? []).every((s) => s.name === subject)) {
      await kubeRequest(
        adminCredentials(),
        "DELETE",
        `${bindingsPath(ns)}/${encodeURIComponent(b.metadata.name)}`,
      );
    }
  }
}

/** The `openstack` Secret's annotations and decoded keys, or null when there is none. */
export async function cloudSecret(
  ns: string,
): Promise<{ annotations: Record<string, string>; data: Record<string, string> } | null> {
  const res = await kubeRequest(adminCredentials(), "GET", `/api/v1/namespaces/${ns}/secrets/openstack`);
  if (res.status === 404) return null;
  const body = res.body as {
    metadata: { annotations?: Record<string, string> };
    data?: Record<string, string>;
  };
  return {
    annotations: body.metadata.annotations ?? {},
    data: Object.fromEntries(
      Object.entries(body.data ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64").toString()]),
    ),
  };
}

export async function deleteCloudSecret(ns: string): Promise<void> {
  await kubeRequest(adminCredentials(), "DELETE", `/api/v1/namespaces/${ns}/secrets/openstack`);
}

/**
 * Puts the seed's admin group binding back if a test removed it (a test that fails half-way must
 * not leave team-a without admins for everyone else on the shared plane).
 */
export async function ensureSeedAdminBinding(ns: string, group: string): Promise<void> {
  if ((await bindingsNaming(ns, `oidc:${group}`)).length > 0) return;
  await kubeRequest(adminCredentials(), "POST", bindingsPath(ns), {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: {
      name: "kaas:team-admin",
      namespace: ns,
      labels: { "kaas.scs.community/managed-by": "kaas-console" },
    },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "kaas:team-admin" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: `oidc:${group}` }],
  });
}
