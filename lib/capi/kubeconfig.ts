import { parse, stringify } from "yaml";
import type { Cluster } from "../k8s/types.ts";
import { clusterEndpoint } from "./cluster-summary.ts";

/** The OIDC settings of a cluster's API server, as the SCS stacks' variable sets them. */
export type OidcSettings = {
  issuerUrl: string;
  clientId: string;
  usernameClaim: string | null;
  groupsClaim: string | null;
};

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null);

/**
 * The cluster's OIDC settings from its topology variables: `oidcConfig` (scs2: `issuerURL`,
 * `clientID`, `usernameClaim`, `groupsClaim`) or `oidc_config` (scs: `issuer_url`, `client_id`,
 * `username_claim`, `groups_claim`). Null without one, or when the issuer is not an https URL
 * (the value is user input: it never becomes a link or a fetch, only text in a file).
 */
export function oidcSettingsOf(cluster: Cluster): OidcSettings | null {
  const vars = cluster.spec.topology?.variables ?? [];
  const v = vars.find((x) => x.name === "oidcConfig") ?? vars.find((x) => x.name === "oidc_config");
  if (!v?.value || typeof v.value !== "object") return null;
  const o = v.value as Record<string, unknown>;
  const issuerUrl = str(o.issuerURL ?? o.issuerUrl ?? o.issuer_url);
  const clientId = str(o.clientID ?? o.clientId ?? o.client_id);
  if (!issuerUrl || !clientId) return null;
  try {
    if (new URL(issuerUrl).protocol !== "https:") return null;
  } catch {
    return null;
  }
  return {
    issuerUrl,
    clientId,
    usernameClaim: str(o.usernameClaim ?? o.username_claim),
    groupsClaim: str(o.groupsClaim ?? o.groups_claim),
  };
}

/**
 * A kubeconfig that signs in with OIDC through kubelogin (`kubectl oidc-login get-token`): it
 * carries the API server's address and CA certificate (public) and no credential at all; each
 * user gets their own token from the issuer.
 */
export function oidcKubeconfig(opts: {
  clusterName: string;
  server: string;
  /** Base64 PEM of the cluster CA, when known; without it kubectl relies on the system's trust. */
  certificateAuthorityData: string | null;
  oidc: OidcSettings;
}): string {
  const user = `oidc@${opts.clusterName}`;
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: opts.clusterName,
        cluster: {
          server: opts.server,
          ...(opts.certificateAuthorityData
            ? { "certificate-authority-data": opts.certificateAuthorityData }
            : {}),
        },
      },
    ],
    users: [
      {
        name: user,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1",
            command: "kubectl",
            args: [
              "oidc-login",
              "get-token",
              `--oidc-issuer-url=${opts.oidc.issuerUrl}`,
              `--oidc-client-id=${opts.oidc.clientId}`,
            ],
            interactiveMode: "IfAvailable",
            provideClusterInfo: false,
            installHint:
              "This kubeconfig signs in with OIDC through kubelogin: install it with `kubectl krew install oidc-login` (https://github.com/int128/kubelogin).",
          },
        },
      },
    ],
    contexts: [{ name: user, context: { cluster: opts.clusterName, user } }],
    "current-context": user,
  };
  return stringify(config, { lineWidth: 0 });
}

/** The API server URL for a kubeconfig of `cluster`, or null before Cluster API assigned one. */
export function kubeconfigServer(cluster: Cluster): string | null {
  return clusterEndpoint(cluster);
}

/**
 * The admin kubeconfig from the data of a `<cluster>-kubeconfig` Secret (key `value`, base64), or
 * null when it is missing or not a kubeconfig. The text is returned as stored: it is a credential
 * and must go nowhere but the response that downloads it.
 */
export function adminKubeconfigFromSecret(data: Record<string, string> | undefined): string | null {
  const b64 = data?.value;
  if (!b64) return null;
  const text = Buffer.from(b64, "base64").toString("utf8");
  try {
    const doc = parse(text) as { kind?: unknown; clusters?: unknown } | null;
    if (doc?.kind !== "Config" || !Array.isArray(doc.clusters)) return null;
  } catch {
    return null;
  }
  return text;
}

/** The CA certificate (public part only) from a `<cluster>-ca` Secret's data. */
export function caFromSecret(data: Record<string, string> | undefined): string | null {
  const crt = data?.["tls.crt"];
  return crt && /^[A-Za-z0-9+/=]+$/.test(crt) ? crt : null;
}
