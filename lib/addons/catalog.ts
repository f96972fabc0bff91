import "server-only";
import { readFileSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { parse } from "yaml";
import {
  type AddonCatalog,
  type AddonOffer,
  CATALOG_ID_LABEL,
  chartProxyFor,
  offersOf,
} from "@/lib/capi/addon-catalog.ts";
import { addonCatalogSchema } from "@/lib/capi/addon-catalog-schema.ts";
import { ActionError, says } from "@/lib/errors.ts";
import { applyChartProxyAs, deleteChartProxyAs, listCatalogProxies } from "@/lib/k8s/chart-proxies.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import type { KubeIdentity } from "@/lib/k8s/identity.ts";
import { CONSOLE_LABELS } from "@/lib/k8s/names.ts";

/** Where the add-on catalog is: `KAAS_ADDON_CATALOG_FILE`, else the repository's starter catalog. */
export function addonCatalogPath(env: Record<string, string | undefined> = process.env): string {
  const p = env.KAAS_ADDON_CATALOG_FILE?.trim();
  // turbopackIgnore: a path known only at run time; without it the build would trace the whole repo.
  if (p) return isAbsolute(p) ? p : join(/*turbopackIgnore: true*/ process.cwd(), p);
  return join(/*turbopackIgnore: true*/ process.cwd(), "config", "addons-catalog.yaml");
}

let cached: { path: string; mtimeMs: number; size: number; catalog: AddonCatalog } | undefined;

/** The platform's add-on catalog, validated; read again when the file changes. */
export function loadAddonCatalog(path = addonCatalogPath()): AddonCatalog {
  const st = statSync(/*turbopackIgnore: true*/ path);
  if (cached && cached.path === path && cached.mtimeMs === st.mtimeMs && cached.size === st.size) {
    return cached.catalog;
  }
  const catalog = addonCatalogSchema.parse(parse(readFileSync(/*turbopackIgnore: true*/ path, "utf8")));
  cached = { path, mtimeMs: st.mtimeMs, size: st.size, catalog };
  return catalog;
}

/**
 * The add-ons a team namespace is offered: the catalog's HelmChartProxies a platform admin put
 * there (see lib/k8s/chart-proxies for why these are read with the console's identity). Pass only
 * the namespace of a team taken from the user's own memberships.
 */
export async function addonOffersFor(namespace: string): Promise<AddonOffer[]> {
  try {
    return offersOf(loadAddonCatalog(), await listCatalogProxies(namespace));
  } catch (err) {
    // No add-on provider CRDs on this management cluster: nothing can be offered.
    if (err instanceof KubeError && err.status === 404) return [];
    throw err;
  }
}

/**
 * Makes the team namespace's catalog proxies exactly `ids`, as the platform admin (the API server
 * decides: kaas:addons-platform-admin): proxies of the chosen entries are applied from the catalog
 * (which also brings a changed chart version or template to the team), the others deleted, which
 * uninstalls their releases from the team's clusters. With `dryRun` the API server checks every
 * write and nothing is stored. Returns what was added and removed.
 */
export async function setTeamAddons(
  identity: KubeIdentity,
  namespace: string,
  ids: readonly string[],
  opts: { dryRun: boolean },
): Promise<{ added: string[]; removed: string[]; updated: string[] }> {
  const catalog = loadAddonCatalog();
  const unknown = ids.filter((id) => !catalog.addons.some((a) => a.id === id));
  if (unknown.length) throw new ActionError(says("notInAddonCatalog", { ids: unknown.join(", ") }));
  const present = (await listCatalogProxies(namespace)).map(
    (p) => p.metadata.labels?.[CATALOG_ID_LABEL] ?? p.metadata.name,
  );
  const added = ids.filter((id) => !present.includes(id));
  const updated = ids.filter((id) => present.includes(id));
  const removed = present.filter((id) => !ids.includes(id));
  for (const def of catalog.addons.filter((a) => ids.includes(a.id))) {
    await applyChartProxyAs(identity, chartProxyFor(def, namespace, { ...CONSOLE_LABELS }), opts);
  }
  for (const id of removed) await deleteChartProxyAs(identity, namespace, id, opts);
  return { added, removed, updated };
}
