/**
 * Installs into the fresh API server what kustomize and cert-manager would in a real management
 * cluster: the Cluster API CRDs with their contract labels and conversion webhooks, the admission
 * webhooks pointed by URL at the local managers, the Cluster Stacks and Helm add-on provider CRDs and
 * the console's RBAC (with the add-ons' roles).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { apply, type KubeCredentials, type KubeObject, kubeRequest, resetDiscovery } from "./kube.ts";

const here = import.meta.dirname;

/** One Cluster API provider: where its manifests are and which local port serves its webhooks. */
export type Provider = { name: string; manifests: string; webhookPort: number };

/** Reads every document of a YAML file as Kubernetes objects. */
export function readObjects(path: string): KubeObject[] {
  return parseAllDocuments(readFileSync(path, "utf8"))
    .map((d) => d.toJSON() as KubeObject | null)
    .filter((o): o is KubeObject => !!o && typeof o === "object" && "kind" in o);
}

type Crd = KubeObject & {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { versions: { name: string }[]; conversion?: unknown };
};

type WebhookConfig = KubeObject & {
  webhooks: {
    name: string;
    clientConfig: { service?: { path?: string }; url?: string; caBundle?: string };
  }[];
};

function providerObjects(p: Provider, caBundle: string): KubeObject[] {
  const crdDir = join(p.manifests, "crd");
  // The conversion patches name exactly the CRDs that the provider's manager converts.
  const converted = new Set(
    readdirSync(join(crdDir, "patches"))
      .filter((f) => f.startsWith("webhook_in_"))
      .flatMap((f) => readObjects(join(crdDir, "patches", f)).map((o) => o.metadata.name)),
  );
  const objects: KubeObject[] = [];
  for (const file of readdirSync(join(crdDir, "bases")).filter((f) => f.endsWith(".yaml"))) {
    for (const crd of readObjects(join(crdDir, "bases", file)) as Crd[]) {
      crd.metadata.labels = {
        ...crd.metadata.labels,
        // What the providers' kustomizations add: the topology controller maps contracts by them.
        "cluster.x-k8s.io/v1beta1": "v1beta1",
        "cluster.x-k8s.io/v1beta2": "v1beta2",
        "cluster.x-k8s.io/provider": p.name,
      };
      if (converted.has(crd.metadata.name)) {
        crd.spec.conversion = {
          strategy: "Webhook",
          webhook: {
            conversionReviewVersions: ["v1"],
            clientConfig: { url: `https://127.0.0.1:${p.webhookPort}/convert`, caBundle },
          },
        };
      }
      objects.push(crd);
    }
  }
  for (const wh of readObjects(join(p.manifests, "webhook", "manifests.yaml")) as WebhookConfig[]) {
    // Every provider ships configurations with the same two names; keep them apart.
    wh.metadata.name = `${p.name}-${wh.metadata.name}`;
    for (const hook of wh.webhooks) {
      const path = hook.clientConfig.service?.path ?? "/";
      hook.clientConfig = { url: `https://127.0.0.1:${p.webhookPort}${path}`, caBundle };
    }
    objects.push(wh);
  }
  return objects;
}

async function waitEstablished(creds: KubeCredentials, names: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (const name of names) {
    for (;;) {
      const res = await kubeRequest(
        creds,
        "GET",
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
      );
      const conditions =
        (res.body as { status?: { conditions?: { type: string; status: string }[] } })?.status?.conditions ??
        [];
      if (conditions.some((c) => c.type === "Established" && c.status === "True")) break;
      if (Date.now() > deadline) throw new Error(`CRD ${name} not established after 60s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  resetDiscovery();
}

/** Applies CRDs, webhook configurations and RBAC; waits until every CRD is served. */
export async function installBase(
  creds: KubeCredentials,
  providers: Provider[],
  caBundle: string,
): Promise<void> {
  const objects = providers.flatMap((p) => providerObjects(p, caBundle));
  objects.push(...readObjects(join(here, "crds", "cluster-stacks.yaml")));
  objects.push(...readObjects(join(here, "crds", "addon-provider-helm.yaml")));
  const crds = objects.filter((o) => o.kind === "CustomResourceDefinition");
  const rest = objects.filter((o) => o.kind !== "CustomResourceDefinition");
  await Promise.all(crds.map((o) => apply(creds, o)));
  for (const o of rest) await apply(creds, o);
  // The chart's ClusterRoles as they are (the console's, the teams', the add-ons'), bound the way
  // the local world needs (rbac-bindings.yaml).
  for (const file of ["cluster-roles.yaml", "addon-roles.yaml"]) {
    for (const o of readObjects(join(here, "..", "..", "deploy", "chart", "files", file)))
      await apply(creds, o);
  }
  for (const o of readObjects(join(here, "rbac-bindings.yaml"))) await apply(creds, o);
  await waitEstablished(
    creds,
    crds.map((c) => c.metadata.name),
  );
}
