import "server-only";
import { APPLY_OPTIONS, APPLY_PARAMS, apisAs } from "./client.ts";
import { kubeCall } from "./errors.ts";
import type { KubeIdentity } from "./identity.ts";

/** The fields of a ResourceQuota the console reads. */
export type ResourceQuotaLike = {
  metadata?: { name?: string; namespace?: string };
  spec?: { hard?: Record<string, string> };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
};

/** Reads one ResourceQuota as the user; a missing one answers the API server's 404. */
export async function readResourceQuotaAs(
  identity: KubeIdentity,
  namespace: string,
  name: string,
): Promise<ResourceQuotaLike> {
  return kubeCall(() => apisAs(identity).core.readNamespacedResourceQuota({ name, namespace }));
}

/** The ResourceQuotas named `name` in every namespace, read as the user in one call. */
export async function listResourceQuotasAs(
  identity: KubeIdentity,
  name: string,
): Promise<ResourceQuotaLike[]> {
  const list = await kubeCall(() =>
    apisAs(identity).core.listResourceQuotaForAllNamespaces({ fieldSelector: `metadata.name=${name}` }),
  );
  return list.items;
}

/** Server-side applies a ResourceQuota with exactly these labels and hard limits, as the user. */
export async function applyResourceQuotaAs(
  identity: KubeIdentity,
  namespace: string,
  quota: { name: string; labels: Record<string, string>; hard: Record<string, string> },
): Promise<void> {
  const { name, labels, hard } = quota;
  await kubeCall(() =>
    apisAs(identity).core.patchNamespacedResourceQuota(
      {
        name,
        namespace,
        body: {
          apiVersion: "v1",
          kind: "ResourceQuota",
          metadata: { name, namespace, labels },
          spec: { hard },
        },
        ...APPLY_PARAMS,
      },
      APPLY_OPTIONS,
    ),
  );
}

/** Deletes a ResourceQuota as the user; a missing one answers the API server's 404. */
export async function deleteResourceQuotaAs(
  identity: KubeIdentity,
  namespace: string,
  name: string,
): Promise<void> {
  await kubeCall(() => apisAs(identity).core.deleteNamespacedResourceQuota({ name, namespace }));
}
