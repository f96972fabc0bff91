import "server-only";
import { APPLY_OPTIONS, APPLY_PARAMS, apisAs } from "./client.ts";
import { isNotFound, kubeCall } from "./errors.ts";
import type { KubeIdentity } from "./identity.ts";

/** A namespace's labels, read as the user; null when the namespace does not exist. */
export async function namespaceLabelsAs(
  identity: KubeIdentity,
  name: string,
): Promise<Record<string, string> | null> {
  try {
    const ns = await kubeCall(() => apisAs(identity).core.readNamespace({ name }));
    return ns.metadata?.labels ?? {};
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/** Creates the namespace, or server-side applies these labels onto it, as the user. */
export async function applyNamespaceAs(
  identity: KubeIdentity,
  name: string,
  labels: Record<string, string>,
): Promise<void> {
  await kubeCall(() =>
    apisAs(identity).core.patchNamespace(
      {
        name,
        body: { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } },
        ...APPLY_PARAMS,
      },
      APPLY_OPTIONS,
    ),
  );
}

/** Deletes a namespace (and everything in it) as the user. */
export async function deleteNamespaceAs(identity: KubeIdentity, name: string): Promise<void> {
  await kubeCall(() => apisAs(identity).core.deleteNamespace({ name }));
}
