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

/** The issuers `KAAS_KUBECONFIG_ISSUERS` (comma-separated) adds to the console's own, `OIDC_ISSUER`. */
export function allowedKubeconfigIssuers(env: Record<string, string | undefined> = process.env): string[] {
  return [env.OIDC_ISSUER, ...(env.KAAS_KUBECONFIG_ISSUERS ?? "").split(",")]
    .map((i) => i?.trim().replace(/\/+$/, "") ?? "")
    .filter(Boolean);
}

/**
 * Whether kubelogin may be sent to `issuerUrl`: it must be one the platform allows, compared
 * exactly (a trailing slash aside). The issuer comes from a cluster variable any member may set, so
 * without this check a member could point teammates' kubelogin, and their passwords, at a
 * look-alike issuer.
 */
export function issuerAllowed(issuerUrl: string, allowed: readonly string[]): boolean {
  return allowed.includes(issuerUrl.trim().replace(/\/+$/, ""));
}

/**
 * Why an admin kubeconfig must not be handed out, or null. A user entry with `exec` or
 * `auth-provider` runs a program (or a plugin) on the machine of whoever uses the file: anyone who
 * can write the Secret could run code on a teammate's machine. Cluster API writes client
 * certificates; anything else is refused.
 */
export function unsafeKubeconfigReason(text: string): string | null {
  let doc: { users?: { name?: unknown; user?: Record<string, unknown> }[] } | null;
  try {
    doc = parse(text) as typeof doc;
  } catch {
    return "The kubeconfig cannot be read.";
  }
  for (const u of doc?.users ?? []) {
    const user = u?.user ?? {};
    for (const key of ["exec", "auth-provider"] as const) {
      if (key in user)
        return `The admin kubeconfig's user ${typeof u.name === "string" ? `"${u.name}" ` : ""}runs a program (${key}); the console does not hand out kubeconfigs that run code. Ask a platform admin to check the cluster's kubeconfig Secret.`;
    }
  }
  return null;
}

/** The CA certificate (public part only) from a `<cluster>-ca` Secret's data. */
export function caFromSecret(data: Record<string, string> | undefined): string | null {
  const crt = data?.["tls.crt"];
  return crt && /^[A-Za-z0-9+/=]+$/.test(crt) ? crt : null;
}
