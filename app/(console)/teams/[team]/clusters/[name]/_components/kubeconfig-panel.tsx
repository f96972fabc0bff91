import { useTranslations } from "next-intl";
import { kaasKubeconfigCommand } from "@/cli/commands.ts";
import { CommandBlock } from "@/components/clusters/command-block.tsx";
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
  const t = useTranslations("clusterPage.kubeconfig");
  const code = (chunks: React.ReactNode) => <code className="font-mono">{chunks}</code>;
  const href = `/api/teams/${encodeURIComponent(team)}/clusters/${encodeURIComponent(name)}/kubeconfig`;
  return (
    <section
      aria-labelledby="kubeconfig-heading"
      data-testid="kubeconfig-panel"
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <h2 id="kubeconfig-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      {!hasEndpoint ? <p className="text-sm text-slate-500">{t("noEndpoint")}</p> : null}
      {oidc && !issuerAllowed ? (
        <p
          role="note"
          data-testid="oidc-issuer-not-allowed"
          className="text-sm text-amber-800 dark:text-amber-200"
        >
          {t.rich("issuerNotAllowed", { issuer: oidc.issuerUrl, code })}
        </p>
      ) : oidc ? (
        <div className="space-y-2 text-sm">
          <p>{t.rich("oidcIntro", { issuer: oidc.issuerUrl, code })}</p>
          {hasEndpoint ? (
            <a
              href={`${href}?type=oidc`}
              download
              data-testid="download-oidc-kubeconfig"
              className={`${linkClass} bg-sky-600 text-white hover:bg-sky-700`}
            >
              {t("downloadOidc")}
            </a>
          ) : null}
          {hasEndpoint ? (
            <CommandBlock
              kaas={kaasKubeconfigCommand(team, name, "oidc")}
              testId="kubeconfig-oidc-commands"
            />
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-300">{t.rich("noOidc", { code })}</p>
      )}
      {mayDownloadAdmin && hasEndpoint ? (
        <div
          role="note"
          className="space-y-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          <p className="font-medium">{t("adminTitle")}</p>
          <p>{t("adminWarning")}</p>
          <a
            href={`${href}?type=admin`}
            download
            data-testid="download-admin-kubeconfig"
            className={`${linkClass} bg-red-700 text-white hover:bg-red-800`}
          >
            {t("downloadAdmin")}
          </a>
          <CommandBlock
            kaas={kaasKubeconfigCommand(team, name, "admin")}
            testId="kubeconfig-admin-commands"
          />
        </div>
      ) : mayDownloadAdmin ? null : (
        <p className="text-sm text-slate-500">{t("adminOnly")}</p>
      )}
    </section>
  );
}
