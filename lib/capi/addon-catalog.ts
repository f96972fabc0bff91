/**
 * Opt-in add-ons on Cluster API's Helm add-on provider (CAAPH, `addons.cluster.x-k8s.io/v1alpha1`):
 * the catalog's shape, the HelmChartProxy a catalog entry becomes in a team's namespace, and the
 * labels and annotations that switch an add-on on for one Cluster and carry its settings. Pure: the
 * catalog file is read in lib/addons, Kubernetes is called in lib/k8s.
 */
import { type ActionWords, listOf, says } from "../action-words.ts";
import type { ObjectMeta } from "../k8s/types.ts";
import { shellWord } from "../shell.ts";
import type { AddonCatalog, AddonDefinition, AddonSetting } from "./addon-catalog-schema.ts";

/** Prefix of the label that enables an add-on and of its settings' annotations on a Cluster. */
export const ADDON_PREFIX = "addons.kaas.scs.community/";
/** The value of `addons.kaas.scs.community/<id>` that makes a Cluster match the add-on's selector. */
export const ENABLED = "enabled";
/** Label on a catalog HelmChartProxy naming the catalog entry it was written from. */
export const CATALOG_ID_LABEL = "addons.kaas.scs.community/addon";
/** The label CAAPH puts on each HelmReleaseProxy naming its HelmChartProxy. */
export const CHART_PROXY_NAME_LABEL = "helmreleaseproxy.addons.cluster.x-k8s.io/helmchartproxy-name";

/** The label that enables add-on `id` on a Cluster. */
export const addonLabel = (id: string) => `${ADDON_PREFIX}${id}`;
/** The annotation that carries setting `key` of add-on `id` on a Cluster. */
export const settingAnnotation = (id: string, key: string) => `${ADDON_PREFIX}${id}-${key}`;

// The catalog file's schemas live in addon-catalog-schema.ts: building them here brought zod
// into every page that uses a helper below (the cluster page's add-on list).
export type { AddonCatalog, AddonDefinition, AddonSetting } from "./addon-catalog-schema.ts";

/** What the team's forms show of an offered add-on: the definition plus the proxy's real chart. */
export type AddonOffer = Omit<AddonDefinition, "chart"> & {
  chart: { repoURL: string; chartName: string; version: string; namespace: string };
};

/** A HelmChartProxy as the console writes and reads it. */
export type HelmChartProxy = {
  apiVersion: "addons.cluster.x-k8s.io/v1alpha1";
  kind: "HelmChartProxy";
  metadata: ObjectMeta;
  spec: {
    clusterSelector: { matchLabels?: Record<string, string> };
    repoURL: string;
    chartName: string;
    version?: string;
    releaseName?: string;
    namespace?: string;
    valuesTemplate?: string;
    reconcileStrategy?: string;
    options?: Record<string, unknown>;
  };
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
};

/**
 * The HelmChartProxy of a catalog entry in a team's namespace: named after the entry, selecting the
 * namespace's Clusters labelled `addons.kaas.scs.community/<id>: enabled` (the provider selects in
 * the proxy's own namespace only, so one team's proxy never reaches another team's clusters).
 */
export function chartProxyFor(
  def: AddonDefinition,
  namespace: string,
  labels: Record<string, string>,
): HelmChartProxy {
  const c = def.chart;
  return {
    apiVersion: "addons.cluster.x-k8s.io/v1alpha1",
    kind: "HelmChartProxy",
    metadata: { name: def.id, namespace, labels: { ...labels, [CATALOG_ID_LABEL]: def.id } },
    spec: {
      clusterSelector: { matchLabels: { [addonLabel(def.id)]: ENABLED } },
      repoURL: c.repoURL,
      chartName: c.chartName,
      ...(c.version ? { version: c.version } : {}),
      ...(c.releaseName ? { releaseName: c.releaseName } : {}),
      namespace: c.namespace,
      ...(c.valuesTemplate ? { valuesTemplate: c.valuesTemplate } : {}),
      ...(c.reconcileStrategy ? { reconcileStrategy: c.reconcileStrategy } : {}),
      ...(Object.keys(c.options).length ? { options: c.options } : {}),
    },
  };
}

/** The offers of a namespace: its catalog proxies whose entry the catalog still knows. */
export function offersOf(catalog: AddonCatalog, proxies: readonly HelmChartProxy[]): AddonOffer[] {
  const out: AddonOffer[] = [];
  for (const p of proxies) {
    const id = p.metadata.labels?.[CATALOG_ID_LABEL];
    const def = catalog.addons.find((a) => a.id === id);
    if (!def) continue;
    const { chart: _chart, ...rest } = def;
    out.push({
      ...rest,
      chart: {
        repoURL: p.spec.repoURL,
        chartName: p.spec.chartName,
        version: p.spec.version ?? "",
        namespace: p.spec.namespace ?? "default",
      },
    });
  }
  // Catalog order: dependencies come first there.
  return out.sort(
    (a, b) => catalog.addons.findIndex((d) => d.id === a.id) - catalog.addons.findIndex((d) => d.id === b.id),
  );
}

/** One add-on's wanted state on a cluster: on or off, and its settings (by setting key). */
export type AddonChoice = { id: string; enabled: boolean; settings: Record<string, string> };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const CIDR4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;
const CIDR6 = /^[0-9a-f:]+:[0-9a-f:]*\/(12[0-8]|1[01]\d|[1-9]?\d)$/i;

/** Normalises a setting's text (trimmed; CIDR lists without blanks). */
export function normalizeSetting(s: AddonSetting, value: string): string {
  const v = value.trim();
  if (s.type === "cidrs")
    return v
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean)
      .join(",");
  if (s.type === "dns" || s.type === "email") return v.toLowerCase();
  return v;
}

/** Why a setting's value is refused, or null. Empty means "use the default". */
export function settingError(s: AddonSetting, raw: string): ActionWords | null {
  const v = normalizeSetting(s, raw);
  if (!v) return s.required && !s.default ? says("addonSettingRequired", { label: s.label }) : null;
  if (v.length > 1000) return says("addonSettingTooLong");
  switch (s.type) {
    case "email":
      return EMAIL.test(v) ? null : says("addonSettingEmail");
    case "dns":
      return DNS_NAME.test(v) ? null : says("addonSettingDns");
    case "enum":
      return (s.values ?? []).includes(v)
        ? null
        : says("addonSettingChoice", { values: (s.values ?? []).join(", ") });
    case "boolean":
      return v === "true" || v === "false" ? null : says("addonSettingBoolean");
    case "cidrs":
      return v.split(",").every((c) => CIDR4.test(c) || CIDR6.test(c)) ? null : says("addonSettingCidrs");
  }
}

/** Whether an offer satisfies a requirement (its id or a capability it provides). */
const satisfies = (o: Pick<AddonOffer, "id" | "provides">, need: string) =>
  o.id === need || o.provides.includes(need);

/**
 * Checks a cluster's add-on choices against the offers: every enabled add-on is offered, its
 * settings valid, its requirements enabled too. Errors are keyed like the form's fields
 * (`addons.<id>` and `addons.<id>.<setting>`).
 */
export function addonChoiceErrors(
  offers: readonly AddonOffer[],
  choices: readonly AddonChoice[],
): Record<string, ActionWords> {
  const errors: Record<string, ActionWords> = {};
  const enabled = choices.filter((c) => c.enabled);
  const enabledOffers = offers.filter((o) => enabled.some((c) => c.id === o.id));
  for (const c of choices) {
    const offer = offers.find((o) => o.id === c.id);
    if (!offer) {
      if (c.enabled) errors[`addons.${c.id}`] = says("addonNotOfferedField");
      continue;
    }
    if (!c.enabled) continue;
    for (const s of offer.settings) {
      const err = settingError(s, c.settings[s.key] ?? "");
      if (err) errors[`addons.${c.id}.${s.key}`] = err;
    }
    for (const key of Object.keys(c.settings)) {
      if (!offer.settings.some((s) => s.key === key))
        errors[`addons.${c.id}.${key}`] = says("addonUnknownSetting");
    }
    const missing = offer.requires.filter((need) => !enabledOffers.some((o) => satisfies(o, need)));
    if (missing.length) {
      errors[`addons.${c.id}`] = says("addonNeeds", {
        addon: offer.title,
        needs: listOf(missing.map((need) => providerNames(offers, need))),
      });
    }
  }
  return errors;
}

/**
 * The add-ons that satisfy a requirement: the add-on's title ("cert-manager"), or words for what
 * provides it ("an ingress (Traefik …)"), said in the reader's language by `sayValue`.
 */
export function providerNames(offers: readonly AddonOffer[], need: string): string | ActionWords {
  const by = offers.filter((o) => satisfies(o, need));
  const same = by.find((o) => o.id === need);
  if (same) return same.title;
  return by.length
    ? says("addonProvidedBy", {
        need,
        titles: listOf(
          by.map((o) => o.title),
          { or: true },
        ),
      })
    : says("addonNeedNotOffered", { need });
}

/** Add-ons that depend on `id` being enabled, among the enabled ones. */
export function dependents(
  offers: readonly AddonOffer[],
  enabledIds: readonly string[],
  id: string,
): AddonOffer[] {
  const offer = offers.find((o) => o.id === id);
  if (!offer) return [];
  const stillEnabled = offers.filter((o) => enabledIds.includes(o.id) && o.id !== id);
  return stillEnabled.filter((o) =>
    o.requires.some(
      (need) => satisfies(offer, need) && !stillEnabled.some((other) => satisfies(other, need)),
    ),
  );
}

/** The labels and annotations add-on choices put on a Cluster (settings left empty are not written). */
export function addonMetadata(
  offers: readonly AddonOffer[],
  choices: readonly AddonChoice[],
): { labels: Record<string, string>; annotations: Record<string, string> } {
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  for (const c of choices) {
    const offer = offers.find((o) => o.id === c.id);
    if (!offer || !c.enabled) continue;
    labels[addonLabel(c.id)] = ENABLED;
    for (const s of offer.settings) {
      const v = normalizeSetting(s, c.settings[s.key] ?? "");
      if (v) annotations[settingAnnotation(c.id, s.key)] = v;
    }
  }
  return { labels, annotations };
}

/** An add-on's state on one Cluster, read from its labels and annotations. */
export function addonChoicesOf(
  offers: readonly AddonOffer[],
  meta: Pick<ObjectMeta, "labels" | "annotations">,
): AddonChoice[] {
  return offers.map((o) => {
    const settings: Record<string, string> = {};
    for (const s of o.settings) {
      const v = meta.annotations?.[settingAnnotation(o.id, s.key)];
      if (v !== undefined) settings[s.key] = v;
    }
    return { id: o.id, enabled: meta.labels?.[addonLabel(o.id)] === ENABLED, settings };
  });
}

/**
 * The merge patch of a Cluster's metadata that brings one add-on to `choice`: its label and the
 * annotations of its settings (null removes). Disabling removes the label and keeps the settings,
 * so enabling again restores them. Returns null when nothing would change.
 */
export function addonMetadataPatch(
  offer: AddonOffer,
  meta: Pick<ObjectMeta, "labels" | "annotations">,
  choice: AddonChoice,
): { labels: Record<string, string | null>; annotations: Record<string, string | null> } | null {
  const labels: Record<string, string | null> = {};
  const annotations: Record<string, string | null> = {};
  const label = addonLabel(offer.id);
  const isOn = meta.labels?.[label] === ENABLED;
  if (choice.enabled && !isOn) labels[label] = ENABLED;
  if (!choice.enabled && meta.labels?.[label] !== undefined) labels[label] = null;
  if (choice.enabled) {
    for (const s of offer.settings) {
      const key = settingAnnotation(offer.id, s.key);
      const next = normalizeSetting(s, choice.settings[s.key] ?? "");
      const now = meta.annotations?.[key];
      if (next && next !== now) annotations[key] = next;
      if (!next && now !== undefined) annotations[key] = null;
    }
  }
  if (!Object.keys(labels).length && !Object.keys(annotations).length) return null;
  return { labels, annotations };
}

/** The kubectl commands that make the same metadata change (for users who prefer the CLI). */
export function kubectlMetadataCommands(
  namespace: string,
  name: string,
  patch: { labels: Record<string, string | null>; annotations: Record<string, string | null> },
): string[] {
  const words = (m: Record<string, string | null>) =>
    Object.entries(m).map(([k, v]) => shellWord(v === null ? `${k}-` : `${k}=${v}`));
  const out: string[] = [];
  const target = `-n ${shellWord(namespace)} cluster.cluster.x-k8s.io/${shellWord(name)}`;
  const l = words(patch.labels);
  const a = words(patch.annotations);
  if (a.length) out.push(`kubectl annotate --overwrite ${target} ${a.join(" ")}`);
  if (l.length) out.push(`kubectl label --overwrite ${target} ${l.join(" ")}`);
  return out;
}
