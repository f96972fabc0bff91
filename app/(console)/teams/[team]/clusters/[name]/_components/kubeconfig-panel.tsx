import type { OidcSettings } from "@/lib/capi/kubeconfig.ts";

const linkClass =
  "inline-block rounded-md px-3 py-2 text-sm font-medium focus:outline-none focus:ring-2 focus:ring-sky-500";

/**
 * Kubeconfig downloads. The files come from a route handler (no-store, attachment), so no
 * credential ever passes through a page payload or the browser's query cache.
 */
export function KubeconfigPanel({
  team,
  name,
  oidc,
  issuerAllowed,
  hasEndpoint,
  mayDownloadAdmin,
}: {
  team: string;
  name: string;
  oidc: OidcSettings | null;
  /** Whether the platform allows the cluster's issuer (KAAS_KUBECONFIG_ISSUERS). */
  issuerAllowed: boolean;
  hasEndpoint: boolean;
  mayDownloadAdmin: boolean;
}) {
  const href = `/api/teams/${encodeURIComponent(team)}/clusters/${encodeURIComponent(name)}/kubeconfig`;
  return (
    <section
      aria-labelledby="kubeconfig-heading"
      data-testid="kubeconfig-panel"
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <h2 id="kubeconfig-heading" className="text-lg font-semibold">
        Kubeconfig
      </h2>
      {!hasEndpoint ? (
        <p className="text-sm text-slate-500">
          Available once Cluster API has given the cluster an API endpoint (while it is being created).
        </p>
      ) : null}
      {oidc && !issuerAllowed ? (
        <p
          role="note"
          data-testid="oidc-issuer-not-allowed"
          className="text-sm text-amber-800 dark:text-amber-200"
        >
          This cluster names <code className="font-mono">{oidc.issuerUrl}</code> as its OIDC issuer, which is
          not one the platform allows, so the console offers no personal kubeconfig for it (kubelogin would
          send your sign-in there). Ask a platform admin to add the issuer, or set the cluster's{" "}
          <code className="font-mono">oidcConfig</code> to the platform's.
        </p>
      ) : oidc ? (
        <div className="space-y-2 text-sm">
          <p>
            Sign in with your own account: this kubeconfig carries no secret. kubectl asks{" "}
            <code className="font-mono">{oidc.issuerUrl}</code> for a token through kubelogin (
            <code className="font-mono">kubectl krew install oidc-login</code>).
          </p>
          {hasEndpoint ? (
            <a
              href={`${href}?type=oidc`}
              download
              data-testid="download-oidc-kubeconfig"
              className={`${linkClass} bg-sky-600 text-white hover:bg-sky-700`}
            >
              Download kubeconfig (OIDC)
            </a>
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          This cluster has no OIDC settings, so there is no personal kubeconfig. Set the class's{" "}
          <code className="font-mono">oidcConfig</code> variable (issuer URL and client ID) to sign in with
          your own account.
        </p>
      )}
      {mayDownloadAdmin && hasEndpoint ? (
        <div
          role="note"
          className="space-y-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          <p className="font-medium">Admin kubeconfig: full cluster-admin access</p>
          <p>
            This is the cluster's own admin certificate, valid for a year. Anyone holding the file controls
            the whole cluster, and it cannot be revoked short of rotating the cluster CA. Cluster API advises
            not to hand it to users: prefer the OIDC kubeconfig. Keep it out of chats, tickets and
            repositories. Every download is recorded in the team's audit log.
          </p>
          <a
            href={`${href}?type=admin`}
            download
            data-testid="download-admin-kubeconfig"
            className={`${linkClass} bg-red-700 text-white hover:bg-red-800`}
          >
            Download admin kubeconfig
          </a>
        </div>
      ) : mayDownloadAdmin ? null : (
        <p className="text-sm text-slate-500">
          The admin kubeconfig is offered only to those the management cluster lets read it (team admins).
        </p>
      )}
    </section>
  );
}
