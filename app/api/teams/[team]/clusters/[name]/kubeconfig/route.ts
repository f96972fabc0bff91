import { randomUUID } from "node:crypto";
import { getDb } from "@/db/client.ts";
import { audited } from "@/lib/audit/audited.ts";
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
import { ActionError } from "@/lib/errors.ts";
import { getCluster } from "@/lib/k8s/clusters.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import { readSecretAs } from "@/lib/k8s/secrets.ts";
import type { Cluster } from "@/lib/k8s/types.ts";
import { logger } from "@/lib/logger.ts";
import { teamForRequest } from "@/lib/teams/membership.ts";

export const dynamic = "force-dynamic";

const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const PRIVATE = { "cache-control": "private, no-store" };
/** Cluster API has not written the admin kubeconfig yet: audited as refused, answered 409. */
class NotIssued extends ActionError {}
const NOT_ISSUED =
  "Cluster API has not issued the admin kubeconfig yet: it does once the control plane is up.";

const refuse = (status: number, error: string, message: string) =>
  Response.json({ error, message }, { status, headers: PRIVATE });

/** The file itself: never cached, never shown inline, never sniffed into something else. */
function download(text: string, filename: string): Response {
  return new Response(text, {
    headers: {
      "content-type": "application/yaml; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "private, no-store, max-age=0",
      pragma: "no-cache",
      "x-content-type-options": "nosniff",
    },
  });
}

/**
 * A kubeconfig of one cluster. `?type=oidc` (the default when the cluster has OIDC settings) is
 * built from the Cluster alone: kubelogin, no credential. `?type=admin` is the cluster-admin
 * credential from the `<cluster>-kubeconfig` Secret, read as the signed-in user so the API server
 * decides (team admins may, members may not); every admin download, allowed or refused, is
 * audited. The kubeconfig goes into this response only: never logged, never in audit details.
 */
export async function GET(req: Request, ctx: { params: Promise<{ team: string; name: string }> }) {
  const { team: slug, name } = await ctx.params;
  const access = await teamForRequest(slug);
  if (!access.ok) {
    return refuse(access.status, access.status === 401 ? "unauthorized" : "not_found", "Sign in again.");
  }
  // Another site may start a download in the user's browser: a credential leaves only for our pages.
  if (req.headers.get("sec-fetch-site") === "cross-site") {
    return refuse(403, "forbidden", "Download the kubeconfig from the console's cluster page.");
  }
  if (!NAME.test(name)) return refuse(400, "bad_request", "Not a cluster name.");
  const { user, team } = access;
  const requested = new URL(req.url).searchParams.get("type");
  if (requested !== null && requested !== "oidc" && requested !== "admin") {
    return refuse(400, "bad_request", "type is oidc or admin.");
  }

  let cluster: Cluster;
  try {
    cluster = await getCluster(user.identity, team.namespace, name);
  } catch (err) {
    if (err instanceof KubeError && (err.status === 404 || err.status === 403)) {
      return refuse(err.status, err.status === 404 ? "not_found" : "forbidden", "No such cluster for you.");
    }
    throw err;
  }
  const oidc = oidcSettingsOf(cluster);
  const type = requested ?? (oidc ? "oidc" : "admin");
  const actor = { user: user.identity.user, email: user.email, requestId: randomUUID() };
  const audit = <T>(write: () => Promise<T>) =>
    audited(
      getDb(),
      actor,
      {
        action: "cluster.kubeconfig",
        teamSlug: team.slug,
        targetKind: "Cluster",
        targetName: name,
        details: { type },
      },
      write,
    );

  if (type === "oidc") {
    if (!oidc) {
      return refuse(
        404,
        "no_oidc",
        "This cluster has no OIDC settings. Set its oidcConfig variable, or ask a team admin.",
      );
    }
    const server = kubeconfigServer(cluster);
    if (!server)
      return refuse(409, "not_ready", "The cluster has no API endpoint yet. Try again when it is up.");
    // The CA certificate is public, but it lives in a Secret beside its key: include it when the
    // user may read that Secret, else kubectl falls back to the system's trust.
    const ca = await readSecretAs(user.identity, team.namespace, `${name}-ca`).then(
      (data) => caFromSecret(data),
      () => null,
    );
    try {
      const text = await audit(async () => {
        // The issuer is a cluster variable any member may set: kubelogin goes only where the platform allows.
        if (!issuerAllowed(oidc.issuerUrl, allowedKubeconfigIssuers()))
          throw new ActionError(
            `This cluster's OIDC issuer ${oidc.issuerUrl} is not one the platform allows, so the console does not offer a kubeconfig that signs in there. Ask a platform admin.`,
          );
        return oidcKubeconfig({ clusterName: name, server, certificateAuthorityData: ca, oidc });
      });
      return download(text, `${name}-oidc.kubeconfig`);
    } catch (err) {
      if (err instanceof ActionError) return refuse(403, "issuer_not_allowed", err.message);
      throw err;
    }
  }

  // The audit row is committed first: if the audit log cannot be written, no credential leaves.
  try {
    const text = await audit(async () => {
      const issued = adminKubeconfigFromSecret(
        await readSecretAs(user.identity, team.namespace, `${name}-kubeconfig`),
      );
      if (!issued) throw new NotIssued(NOT_ISSUED);
      const unsafe = unsafeKubeconfigReason(issued);
      if (unsafe) throw new ActionError(unsafe);
      return issued;
    });
    return download(text, `${name}-admin.kubeconfig`);
  } catch (err) {
    if (err instanceof NotIssued) return refuse(409, "not_ready", err.message);
    if (err instanceof ActionError) return refuse(403, "unsafe_kubeconfig", err.message);
    if (err instanceof KubeError && err.status === 403) {
      return refuse(
        403,
        "forbidden",
        "You may not read this cluster's admin kubeconfig. Ask a team admin, or use the OIDC kubeconfig.",
      );
    }
    logger.error(
      { event: "kubeconfig.admin", team: team.slug, cluster: name, err: (err as Error).message },
      "reading the admin kubeconfig failed",
    );
    return refuse(502, "unavailable", "The management cluster did not answer. Try again in a moment.");
  }
}
