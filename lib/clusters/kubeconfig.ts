import "server-only";
import {
  adminKubeconfigFromSecret,
  allowedKubeconfigIssuers,
  caFromSecret,
  issuerAllowed,
  kubeconfigServer,
  oidcKubeconfig,
  oidcSettingsOf,
  unsafeKubeconfigReason,
} from "@/lib/capi/kubeconfig.ts";
import { ActionError, type RefusalKind } from "@/lib/errors.ts";
import { getCluster } from "@/lib/k8s/clusters.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import { readSecretAs } from "@/lib/k8s/secrets.ts";
import type { Cluster } from "@/lib/k8s/types.ts";
import { logger } from "@/lib/logger.ts";
import type { TeamActor } from "@/lib/teams/membership.ts";

/** Which kubeconfig: kubelogin (no credential) or the cluster-admin credential. */
export type KubeconfigType = "oidc" | "admin";

/** A kubeconfig file to hand out: its text goes into the response only, never logs or audit details. */
export type IssuedKubeconfig = { text: string; fileName: string; type: KubeconfigType };

/** A refusal with a stable code (`no_oidc`, `not_ready`, …) beside its kind, for the console's own route. */
export class KubeconfigRefusal extends ActionError {
  readonly code: string;
  constructor(kind: RefusalKind, code: string, message: string) {
    super(message, {}, { code }, kind);
    this.code = code;
  }
}

/**
 * A kubeconfig of one cluster, for the console's download route and the API alike. `oidc` (the
 * default when the cluster has OIDC settings) is built from the Cluster alone: kubelogin, no
 * credential. `admin` is the cluster-admin credential from the `<cluster>-kubeconfig` Secret, read
 * as the user so the API server decides (team admins may, members may not). Every download,
 * allowed or refused, is audited; the audit row is committed first, so if the log cannot be
 * written no credential leaves. Refusals are {@link KubeconfigRefusal}s.
 */
export async function issueKubeconfig(
  actor: TeamActor,
  name: string,
  requested: KubeconfigType | null,
): Promise<IssuedKubeconfig> {
  const { user, team } = actor;
  let cluster: Cluster;
  try {
    cluster = await getCluster(user.identity, team.namespace, name);
  } catch (err) {
    if (err instanceof KubeError && (err.status === 404 || err.status === 403)) {
      throw new KubeconfigRefusal(
        err.status === 404 ? "not_found" : "forbidden",
        err.status === 404 ? "not_found" : "forbidden",
        "No such cluster for you.",
      );
    }
    throw err;
  }
  const oidc = oidcSettingsOf(cluster);
  const type = requested ?? (oidc ? "oidc" : "admin");
  const audit = <T>(write: () => Promise<T>) =>
    actor.audited(
      { action: "cluster.kubeconfig", targetKind: "Cluster", targetName: name, details: { type } },
      write,
    );

  if (type === "oidc") {
    if (!oidc) {
      throw new KubeconfigRefusal(
        "not_found",
        "no_oidc",
        "This cluster has no OIDC settings. Set its oidcConfig variable, or ask a team admin.",
      );
    }
    const server = kubeconfigServer(cluster);
    if (!server)
      throw new KubeconfigRefusal(
        "conflict",
        "not_ready",
        "The cluster has no API endpoint yet. Try again when it is up.",
      );
    // The CA certificate is public, but it lives in a Secret beside its key: include it when the
    // user may read that Secret, else kubectl falls back to the system's trust.
    const ca = await readSecretAs(user.identity, team.namespace, `${name}-ca`).then(
      (data) => caFromSecret(data),
      () => null,
    );
    const text = await audit(async () => {
      // The issuer is a cluster variable any member may set: kubelogin goes only where the platform allows.
      if (!issuerAllowed(oidc.issuerUrl, allowedKubeconfigIssuers()))
        throw new KubeconfigRefusal(
          "forbidden",
          "issuer_not_allowed",
          `This cluster's OIDC issuer ${oidc.issuerUrl} is not one the platform allows, so the console does not offer a kubeconfig that signs in there. Ask a platform admin.`,
        );
      return oidcKubeconfig({ clusterName: name, server, certificateAuthorityData: ca, oidc });
    });
    return { text, fileName: `${name}-oidc.kubeconfig`, type };
  }

  try {
    const text = await audit(async () => {
      const issued = adminKubeconfigFromSecret(
        await readSecretAs(user.identity, team.namespace, `${name}-kubeconfig`),
      );
      if (!issued)
        throw new KubeconfigRefusal(
          "conflict",
          "not_ready",
          "Cluster API has not issued the admin kubeconfig yet: it does once the control plane is up.",
        );
      const unsafe = unsafeKubeconfigReason(issued);
      if (unsafe) throw new KubeconfigRefusal("forbidden", "unsafe_kubeconfig", unsafe);
      return issued;
    });
    return { text, fileName: `${name}-admin.kubeconfig`, type };
  } catch (err) {
    if (err instanceof KubeconfigRefusal) throw err;
    if (err instanceof KubeError && err.status === 403) {
      throw new KubeconfigRefusal(
        "forbidden",
        "forbidden",
        "You may not read this cluster's admin kubeconfig. Ask a team admin, or use the OIDC kubeconfig.",
      );
    }
    logger.error(
      { event: "kubeconfig.admin", team: team.slug, cluster: name, err: (err as Error).message },
      "reading the admin kubeconfig failed",
    );
    throw new KubeconfigRefusal(
      "unavailable",
      "unavailable",
      "The management cluster did not answer. Try again in a moment.",
    );
  }
}
