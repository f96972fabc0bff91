import "server-only";
import type { HelmChartProxy } from "../capi/addon-catalog.ts";
import { CATALOG_ID_LABEL } from "../capi/addon-catalog.ts";
import { APPLY_OPTIONS, APPLY_PARAMS, apisAs, consoleApis } from "./client.ts";
import { kubeCall } from "./errors.ts";
import type { KubeIdentity } from "./identity.ts";
import type { KubeList } from "./types.ts";

const HCP = { group: "addons.cluster.x-k8s.io", version: "v1alpha1", plural: "helmchartproxies" } as const;

/**
 * The add-on catalog of a team namespace: its HelmChartProxies written from the console's catalog
 * (labelled `addons.kaas.scs.community/addon`). Read with the console's own identity, like team
 * membership: it is platform configuration the console decides with (which add-ons a team's forms
 * offer), not a team object read for a user, and the caller passes the namespace of a team it found
 * among the user's own memberships. Team roles need no read access on HelmChartProxies for it.
 */
export async function listCatalogProxies(namespace: string): Promise<HelmChartProxy[]> {
  const list = await kubeCall(
    () =>
      consoleApis().custom.listNamespacedCustomObject({
        ...HCP,
        namespace,
        labelSelector: CATALOG_ID_LABEL,
      }) as Promise<KubeList<HelmChartProxy>>,
  );
  return list.items;
}

/** Server-side applies a HelmChartProxy as the user (a platform admin); `dryRun` stores nothing. */
export async function applyChartProxyAs(
  identity: KubeIdentity,
  proxy: HelmChartProxy,
  opts: { dryRun: boolean },
): Promise<HelmChartProxy> {
  return kubeCall(
    () =>
      apisAs(identity).custom.patchNamespacedCustomObject(
        {
          ...HCP,
          namespace: proxy.metadata.namespace ?? "",
          name: proxy.metadata.name,
          body: proxy,
          ...APPLY_PARAMS,
          ...(opts.dryRun ? { dryRun: "All" } : {}),
        },
        APPLY_OPTIONS,
      ) as Promise<HelmChartProxy>,
  );
}

/**
 * Deletes a HelmChartProxy as the user (a platform admin). The provider then uninstalls its release
 * from every cluster of the namespace that had it.
 */
export async function deleteChartProxyAs(
  identity: KubeIdentity,
  namespace: string,
  name: string,
  opts: { dryRun: boolean },
): Promise<void> {
  await kubeCall(() =>
    apisAs(identity).custom.deleteNamespacedCustomObject({
      ...HCP,
      namespace,
      name,
      ...(opts.dryRun ? { dryRun: "All" } : {}),
    }),
  );
}
