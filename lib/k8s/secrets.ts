import "server-only";
import { apisAs } from "./client.ts";
import { KubeError, kubeCall } from "./errors.ts";
import type { KubeIdentity } from "./identity.ts";

/**
 * Reads one Secret's data as the user, so the API server decides whether they may. Undefined when
 * it does not exist (yet). The data is a credential: callers hand it to one response and nowhere
 * else (no logs, no audit details, no caches).
 * @throws {KubeError} 403 when the user may not read it.
 */
export async function readSecretAs(
  identity: KubeIdentity,
  namespace: string,
  name: string,
): Promise<Record<string, string> | undefined> {
  try {
    const s = await kubeCall(() => apisAs(identity).core.readNamespacedSecret({ name, namespace }));
    return s.data ?? {};
  } catch (err) {
    if (err instanceof KubeError && err.status === 404) return undefined;
    throw err;
  }
}

/**
 * Whether the user may `get` one Secret, asked with a SelfSubjectAccessReview as that user (the
 * API server answers for the impersonated identity). Used to offer a download, never to allow it:
 * the download itself reads as the user.
 */
export async function mayGetSecret(
  identity: KubeIdentity,
  namespace: string,
  name: string,
): Promise<boolean> {
  const review = await kubeCall(() =>
    apisAs(identity).authz.createSelfSubjectAccessReview({
      body: {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SelfSubjectAccessReview",
        spec: { resourceAttributes: { namespace, verb: "get", resource: "secrets", name } },
      },
    }),
  );
  return review.status?.allowed === true && review.status.denied !== true;
}
