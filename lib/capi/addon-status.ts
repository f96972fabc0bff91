import type { HelmReleaseProxy } from "../k8s/status-types.ts";
import type { ObjectMeta } from "../k8s/types.ts";
import { type AddonOffer, addonChoicesOf } from "./addon-catalog.ts";
import { type AddonRow, helmReleaseRow } from "./addons.ts";

/**
 * A catalog add-on on one cluster: `off`; `pending` (enabled, the provider has not reported a
 * release yet); the release's own state; or `uninstalling` (disabled, its release still there).
 */
export type CatalogAddonState = "off" | "pending" | "uninstalling" | AddonRow["state"];

export type CatalogAddonRow = {
  offer: AddonOffer;
  enabled: boolean;
  settings: Record<string, string>;
  state: CatalogAddonState;
  /** The HelmReleaseProxy's row (Helm status, revision, condition words), if there is one. */
  release: AddonRow | null;
};

/** The offered add-ons of a cluster with their state, from its labels and its release proxies. */
export function catalogAddonRows(
  offers: readonly AddonOffer[],
  cluster: { metadata: Pick<ObjectMeta, "labels" | "annotations"> },
  releases: readonly HelmReleaseProxy[],
): CatalogAddonRow[] {
  const choices = addonChoicesOf(offers, cluster.metadata);
  return offers.map((offer, i) => {
    const choice = choices[i] ?? { enabled: false, settings: {} };
    const proxy = releases.find((h) => helmReleaseRow(h).addon === offer.id);
    const release = proxy ? helmReleaseRow(proxy) : null;
    const state: CatalogAddonState = choice.enabled
      ? (release?.state ?? "pending")
      : release
        ? "uninstalling"
        : "off";
    return { offer, enabled: choice.enabled, settings: choice.settings, state, release };
  });
}
