import "server-only";
import { setHeaderOptions, type V1Secret } from "@kubernetes/client-node";
import { apisAs } from "./client.ts";
import { KubeError, kubeCall } from "./errors.ts";
import type { KubeIdentity } from "./identity.ts";
import { CONSOLE_MANAGER, FIELD_MANAGER, MANAGED_BY_LABEL } from "./names.ts";

/** The Secret the cluster classes read the team's OpenStack credentials from (key `clouds.yaml`). */
export const CLOUD_SECRET = "openstack";
const ROTATED_BY = "kaas.scs.community/rotated-by";
const ROTATED_AT = "kaas.scs.community/rotated-at";
const AUTH_URL = "kaas.scs.community/auth-url";
// Asks the API server for the object's metadata only: the credential never leaves it on a read.
const METADATA_ONLY = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";

/** What the settings page shows about the credentials: when, by whom, for which cloud; never the data. */
export type CloudCredentialsStatus =
  | { present: false }
  | {
      present: true;
      rotatedAt: string | null;
      rotatedBy: string | null;
      cloudName: string | null;
      authUrl: string | null;
      /** Whether the console wrote it (else it was made outside, e.g. by the CSP helper chart). */
      managed: boolean;
    };

/**
 * The `openstack` Secret's metadata, read as the user (team admins may; others get the API
 * server's 403). The request asks for PartialObjectMetadata, so the Secret's data is not sent.
 */
export async function cloudCredentialsStatusAs(
  identity: KubeIdentity,
  namespace: string,
): Promise<CloudCredentialsStatus> {
  try {
    const meta = await kubeCall(() =>
      apisAs(identity).core.readNamespacedSecret(
        { name: CLOUD_SECRET, namespace },
        setHeaderOptions("Accept", METADATA_ONLY),
      ),
    );
    const ann = meta.metadata?.annotations ?? {};
    return {
      present: true,
      rotatedAt: ann[ROTATED_AT] ?? meta.metadata?.creationTimestamp?.toISOString() ?? null,
      rotatedBy: ann[ROTATED_BY] ?? null,
      cloudName: ann["kaas.scs.community/cloud-name"] ?? null,
      authUrl: ann[AUTH_URL] ?? null,
      managed: meta.metadata?.labels?.[MANAGED_BY_LABEL] === CONSOLE_MANAGER,
    };
  } catch (err) {
    if (err instanceof KubeError && err.status === 404) return { present: false };
    throw err;
  }
}

/**
 * Writes (or replaces) the team's `openstack` Secret as the user, with who rotated it and when.
 * `cloudsYaml` must have passed checkCloudsYaml. Nothing of the API server's answer (which echoes
 * the data) is returned.
 */
export async function writeCloudCredentialsAs(
  identity: KubeIdentity,
  namespace: string,
  input: { cloudsYaml: string; cloudName: string; authUrl: string; now?: Date },
): Promise<{ replaced: boolean }> {
  const body: V1Secret = {
    apiVersion: "v1",
    kind: "Secret",
    type: "Opaque",
    metadata: {
      name: CLOUD_SECRET,
      namespace,
      labels: { [MANAGED_BY_LABEL]: CONSOLE_MANAGER, "clusterctl.cluster.x-k8s.io/move": "" },
      annotations: {
        [ROTATED_BY]: identity.user,
        [ROTATED_AT]: (input.now ?? new Date()).toISOString(),
        [AUTH_URL]: input.authUrl,
        "kaas.scs.community/cloud-name": input.cloudName,
      },
    },
    stringData: { "clouds.yaml": input.cloudsYaml, cloudName: input.cloudName },
  };
  const core = apisAs(identity).core;
  try {
    await kubeCall(() => core.createNamespacedSecret({ namespace, body, fieldManager: FIELD_MANAGER }));
    return { replaced: false };
  } catch (err) {
    if (!(err instanceof KubeError && err.status === 409)) throw err;
  }
  // A replace without resourceVersion: the new file wins over whatever was there, as a rotation should.
  await kubeCall(() =>
    core.replaceNamespacedSecret({ name: CLOUD_SECRET, namespace, body, fieldManager: FIELD_MANAGER }),
  );
  return { replaced: true };
}
