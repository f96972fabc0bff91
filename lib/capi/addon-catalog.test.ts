import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createTranslator } from "next-intl";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ensureRenderer, renderValuesTemplate } from "@/dev/values-template/render.ts";
import { sayWords } from "../action-words.ts";
import { inEnglish } from "../errors.ts";
import de from "../i18n/messages/de.json" with { type: "json" };
import type { Translate } from "../validation/messages.ts";
import {
  type AddonOffer,
  addonChoiceErrors,
  addonMetadata,
  addonMetadataPatch,
  chartProxyFor,
  dependents,
  kubectlMetadataCommands,
  offersOf,
} from "./addon-catalog.ts";

/** The errors as the API and the CLI say them (pages translate the catalog words). */
const inWords = (errors: ReturnType<typeof addonChoiceErrors>) =>
  Object.fromEntries(Object.entries(errors).map(([k, e]) => [k, inEnglish(e)]));
const german = createTranslator({ locale: "de", messages: de }) as unknown as Translate;

import { addonCatalogSchema } from "./addon-catalog-schema.ts";

const catalog = addonCatalogSchema.parse(
  parse(readFileSync(join(import.meta.dirname, "..", "..", "config", "addons-catalog.yaml"), "utf8")),
);
const def = (id: string) => {
  const d = catalog.addons.find((a) => a.id === id);
  if (!d) throw new Error(`no ${id} in the catalog`);
  return d;
};

/** A Cluster as the provider passes it to the template: the whole object as a map. */
function sampleCluster(annotations?: Record<string, string>) {
  return {
    apiVersion: "cluster.x-k8s.io/v1beta2",
    kind: "Cluster",
    metadata: {
      name: "web",
      namespace: "team-a",
      labels: { "addons.kaas.scs.community/traefik": "enabled" },
      ...(annotations ? { annotations } : {}),
    },
    spec: {
      clusterNetwork: { pods: { cidrBlocks: ["192.168.0.0/16"] } },
      topology: { classRef: { name: "openstack-scs2-1-33-v1" }, version: "v1.33.4" },
    },
  };
}

/** Renders an entry's values template for a cluster with the provider's semantics, as YAML data. */
function values(id: string, annotations?: Record<string, string>): unknown {
  const text = renderValuesTemplate(def(id).chart.valuesTemplate, {
    Cluster: sampleCluster(annotations),
    ControlPlane: { metadata: { name: "web-cp" } },
    InfraCluster: { metadata: { name: "web" } },
  });
  return parse(text);
}

describe("the starter catalog's values templates (Go text/template + Sprig)", () => {
  // Cold (no module cache, no cached renderer) this downloads Sprig and builds: allow for it.
  beforeAll(() => {
    ensureRenderer();
  }, 300_000);

  it("cert-manager installs its CRDs with the chart and keeps them on uninstall", () => {
    expect(values("cert-manager")).toEqual({
      crds: { enabled: true, keep: true },
      prometheus: { enabled: false },
    });
  });

  it("the Let's Encrypt issuer defaults to staging and takes the email from the Cluster", () => {
    const v = values("letsencrypt", { "addons.kaas.scs.community/letsencrypt-email": "ops@example.com" });
    expect(v).toEqual({
      resources: [
        {
          apiVersion: "cert-manager.io/v1",
          kind: "ClusterIssuer",
          metadata: { name: "letsencrypt" },
          spec: {
            acme: {
              server: "https://acme-staging-v02.api.letsencrypt.org/directory",
              email: "ops@example.com",
              privateKeySecretRef: { name: "letsencrypt-account-key" },
              solvers: [{ http01: { ingress: { ingressClassName: "traefik" } } }],
            },
          },
        },
      ],
    });
  });

  it("the issuer uses Let's Encrypt production when the Cluster says so", () => {
    const v = values("letsencrypt", {
      "addons.kaas.scs.community/letsencrypt-email": "ops@example.com",
      "addons.kaas.scs.community/letsencrypt-environment": "production",
    }) as { resources: { spec: { acme: { server: string } } }[] };
    expect(v.resources[0]?.spec.acme.server).toBe("https://acme-v02.api.letsencrypt.org/directory");
  });

  it("Traefik without the PROXY protocol: default IngressClass, plain LoadBalancer, no PROXY settings", () => {
    expect(values("traefik")).toEqual({
      ingressClass: { enabled: true, isDefaultClass: true, name: "traefik" },
      providers: { kubernetesIngress: { enabled: true } },
      service: { type: "LoadBalancer", annotations: {} },
      ports: { web: { proxyProtocol: {} }, websecure: { proxyProtocol: {} } },
    });
  });

  it("Traefik with the Octavia PROXY protocol sets the Service annotation and Traefik's own setting together", () => {
    const v = values("traefik", {
      "addons.kaas.scs.community/traefik-proxy-protocol": "true",
      "addons.kaas.scs.community/traefik-trusted-ips": "10.1.0.0/24,10.2.0.0/24",
      "addons.kaas.scs.community/traefik-hostname": "apps.example.com",
    });
    expect(v).toEqual({
      ingressClass: { enabled: true, isDefaultClass: true, name: "traefik" },
      providers: { kubernetesIngress: { enabled: true } },
      service: {
        type: "LoadBalancer",
        annotations: {
          "loadbalancer.openstack.org/proxy-protocol": "true",
          "loadbalancer.openstack.org/hostname": "apps.example.com",
        },
      },
      ports: {
        web: { proxyProtocol: { trustedIPs: ["10.1.0.0/24", "10.2.0.0/24"] } },
        websecure: { proxyProtocol: { trustedIPs: ["10.1.0.0/24", "10.2.0.0/24"] } },
      },
    });
  });

  it("Traefik's PROXY protocol trusts 10.0.0.0/8 unless told otherwise", () => {
    const v = values("traefik", { "addons.kaas.scs.community/traefik-proxy-protocol": "true" }) as {
      ports: { web: { proxyProtocol: { trustedIPs: string[] } } };
    };
    expect(v.ports.web.proxyProtocol.trustedIPs).toEqual(["10.0.0.0/8"]);
  });

  it("a template error comes back with Go's words", () => {
    expect(() => renderValuesTemplate("{{ .Cluster.metadata.name | nosuchfunc }}", { Cluster: {} })).toThrow(
      /function "nosuchfunc" not defined/,
    );
    expect(() => renderValuesTemplate('{{ env "HOME" }}', { Cluster: {} })).toThrow(/"env" not defined/);
  });
});

const offers: AddonOffer[] = offersOf(
  catalog,
  catalog.addons.map((d) => chartProxyFor(d, "team-a", {})),
);

describe("add-on choices", () => {
  it("every catalog entry becomes a proxy selecting its label in the team's namespace", () => {
    const p = chartProxyFor(def("traefik"), "team-a", { "app.kubernetes.io/managed-by": "kaas-console" });
    expect(p.metadata).toEqual({
      name: "traefik",
      namespace: "team-a",
      labels: {
        "app.kubernetes.io/managed-by": "kaas-console",
        "addons.kaas.scs.community/addon": "traefik",
      },
    });
    expect(p.spec.clusterSelector).toEqual({
      matchLabels: { "addons.kaas.scs.community/traefik": "enabled" },
    });
    expect(offers.map((o) => o.id)).toEqual(["cert-manager", "traefik", "letsencrypt"]);
  });

  it("says what the issuer needs in the reader's language, its joiners too", () => {
    const [needs] = Object.values(
      addonChoiceErrors(offers, [{ id: "letsencrypt", enabled: true, settings: { email: "a@b.example" } }]),
    );
    if (!needs) throw new Error("expected the issuer's needs");
    expect(sayWords(needs, german, "de")).toBe(
      "Let's Encrypt issuer braucht cert-manager und ein ingress (Traefik ingress controller) auf demselben Cluster",
    );
    // Two add-ons that provide the ingress are alternatives: "or" / "oder".
    const traefik = offers.find((o) => o.id === "traefik");
    if (!traefik) throw new Error("no traefik offer");
    const two = [...offers, { ...traefik, id: "nginx", title: "NGINX", provides: ["ingress"] }];
    const [either] = Object.values(
      addonChoiceErrors(two, [
        { id: "cert-manager", enabled: true, settings: {} },
        { id: "letsencrypt", enabled: true, settings: { email: "a@b.example" } },
      ]),
    );
    if (!either) throw new Error("expected the issuer's needs");
    expect(inEnglish(either)).toBe(
      "Let's Encrypt issuer needs an ingress (Traefik ingress controller or NGINX) on the same cluster",
    );
    expect(sayWords(either, german, "de")).toBe(
      "Let's Encrypt issuer braucht ein ingress (Traefik ingress controller oder NGINX) auf demselben Cluster",
    );
  });

  it("the issuer needs cert-manager and an ingress, and a valid email", () => {
    expect(
      inWords(
        addonChoiceErrors(offers, [
          { id: "letsencrypt", enabled: true, settings: { email: "not-an-email" } },
        ]),
      ),
    ).toEqual({
      "addons.letsencrypt":
        "Let's Encrypt issuer needs cert-manager and an ingress (Traefik ingress controller) on the same cluster",
      "addons.letsencrypt.email": "Enter an email address",
    });
    expect(
      addonChoiceErrors(offers, [
        { id: "cert-manager", enabled: true, settings: {} },
        {
          id: "traefik",
          enabled: true,
          settings: { "proxy-protocol": "true", hostname: "Apps.Example.com" },
        },
        { id: "letsencrypt", enabled: true, settings: { email: "ops@example.com", environment: "staging" } },
      ]),
    ).toEqual({});
    expect(
      inWords(
        addonChoiceErrors(offers, [
          { id: "traefik", enabled: true, settings: { hostname: "-bad-", "trusted-ips": "10.0.0.0/33" } },
        ]),
      ),
    ).toEqual({
      "addons.traefik.hostname": "Enter a DNS name such as apps.example.com",
      "addons.traefik.trusted-ips": "Comma-separated CIDRs such as 10.0.0.0/8",
    });
  });

  it("turning cert-manager off names the add-ons that need it", () => {
    expect(
      dependents(offers, ["cert-manager", "traefik", "letsencrypt"], "cert-manager").map((o) => o.id),
    ).toEqual(["letsencrypt"]);
    expect(dependents(offers, ["cert-manager", "traefik"], "cert-manager")).toEqual([]);
  });

  it("writes exactly the labels and annotations of the chosen add-ons", () => {
    expect(
      addonMetadata(offers, [
        { id: "cert-manager", enabled: true, settings: {} },
        {
          id: "traefik",
          enabled: true,
          settings: { "proxy-protocol": "true", "trusted-ips": " 10.1.0.0/24 , 10.2.0.0/24" },
        },
        { id: "letsencrypt", enabled: false, settings: { email: "ops@example.com" } },
      ]),
    ).toEqual({
      labels: {
        "addons.kaas.scs.community/cert-manager": "enabled",
        "addons.kaas.scs.community/traefik": "enabled",
      },
      annotations: {
        "addons.kaas.scs.community/traefik-proxy-protocol": "true",
        "addons.kaas.scs.community/traefik-trusted-ips": "10.1.0.0/24,10.2.0.0/24",
      },
    });
  });

  it("a patch for one add-on: enable with settings, change one, disable keeps the settings", () => {
    const le = offers.find((o) => o.id === "letsencrypt") as AddonOffer;
    const on = addonMetadataPatch(
      le,
      {},
      { id: "letsencrypt", enabled: true, settings: { email: "a@b.io" } },
    );
    expect(on).toEqual({
      labels: { "addons.kaas.scs.community/letsencrypt": "enabled" },
      annotations: { "addons.kaas.scs.community/letsencrypt-email": "a@b.io" },
    });
    const meta = {
      labels: { "addons.kaas.scs.community/letsencrypt": "enabled" },
      annotations: { "addons.kaas.scs.community/letsencrypt-email": "a@b.io" },
    };
    expect(
      addonMetadataPatch(le, meta, { id: "letsencrypt", enabled: true, settings: { email: "a@b.io" } }),
    ).toBeNull();
    expect(
      addonMetadataPatch(le, meta, {
        id: "letsencrypt",
        enabled: true,
        settings: { email: "a@b.io", environment: "production" },
      }),
    ).toEqual({
      labels: {},
      annotations: { "addons.kaas.scs.community/letsencrypt-environment": "production" },
    });
    const off = addonMetadataPatch(le, meta, { id: "letsencrypt", enabled: false, settings: {} });
    expect(off).toEqual({ labels: { "addons.kaas.scs.community/letsencrypt": null }, annotations: {} });
    expect(kubectlMetadataCommands("team-a", "web", off ?? { labels: {}, annotations: {} })).toEqual([
      "kubectl label --overwrite -n team-a cluster.cluster.x-k8s.io/web addons.kaas.scs.community/letsencrypt-",
    ]);
  });
});
