/**
 * Opt-in add-ons (#14) against the real API server with the add-on provider Helm CRDs installed.
 * The provider itself cannot run here (its Go module is not served by this machine's module proxy):
 * where it would act, this test plays its part, creating HelmReleaseProxies with its name
 * (`<chart>-<cluster>-<random>`), labels and ownerReference and moving their status the way it does.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "@/db/queries/audit.ts";
import { adminCredentials, planeDir } from "@/dev/plane/control.ts";
import { apply, applyStatus, kubeRequest } from "@/dev/plane/kube.ts";
import { addonOffersFor, setTeamAddons } from "@/lib/addons/catalog.ts";
import { changeClusterAddon } from "@/lib/addons/cluster-addons.ts";
import { audited } from "@/lib/audit/audited.ts";
import type { CurrentUser } from "@/lib/auth/session.ts";
import { addonRows } from "@/lib/capi/addons.ts";
import { objectsOfCluster } from "@/lib/capi/cluster-status.ts";
import { addonSummaryText } from "@/lib/capi/in-english.ts";
import { ActionError } from "@/lib/errors.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import { watchHub } from "@/lib/k8s/hub/index.ts";
import { kubeIdentity } from "@/lib/k8s/identity.ts";
import type { HelmReleaseProxy } from "@/lib/k8s/status-types.ts";
import type { Cluster } from "@/lib/k8s/types.ts";
import type { TeamActor } from "@/lib/teams/membership.ts";
import { backends, useMigratedDb } from "./support/db-backends.ts";

process.env.KUBECONFIG = join(planeDir(), "console.kubeconfig");

const ns = `addons-${randomBytes(3).toString("hex")}`;
const kube = adminCredentials();
const CLUSTER = "shop";

function userOf(name: string, groups: string[]): CurrentUser {
  return {
    sessionId: `s-${name}`,
    subject: name,
    name,
    email: `${name}@example.test`,
    groups,
    identity: kubeIdentity(name, groups),
    via: "console",
    token: null,
  };
}
const platformAdmin = userOf("admin", ["platform-admins"]);
const alice = userOf("alice", []);
const erin = userOf("erin", []);

const binding = (name: string, role: string, user: string) => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "RoleBinding",
  metadata: { name, namespace: ns },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
  subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: user }],
});

async function clusterMeta() {
  const res = await kubeRequest(
    kube,
    "GET",
    `/apis/cluster.x-k8s.io/v1beta2/namespaces/${ns}/clusters/${CLUSTER}`,
  );
  return (res.body as Cluster).metadata;
}

beforeAll(async () => {
  await apply(kube, {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: ns, labels: { "kaas.scs.community/team": ns } },
  });
  await apply(kube, binding("alice-admin", "kaas:team-admin", "oidc:alice"));
  await apply(kube, binding("erin-viewer", "kaas:team-viewer", "oidc:erin"));
  // A paused Cluster: the add-on flow needs its labels and annotations, not machines.
  await apply(kube, {
    apiVersion: "cluster.x-k8s.io/v1beta2",
    kind: "Cluster",
    metadata: { name: CLUSTER, namespace: ns },
    spec: {
      paused: true,
      infrastructureRef: { apiGroup: "infrastructure.cluster.x-k8s.io", kind: "DevCluster", name: CLUSTER },
    },
  });
});

afterAll(async () => {
  watchHub().stop();
  await kubeRequest(kube, "DELETE", `/api/v1/namespaces/${ns}`);
});

// One database is enough here: the Kubernetes objects are what this file checks, and they are shared
// by the runs (one namespace); the audited write itself is tested on both databases elsewhere.
describe.each(backends.slice(0, 1))("add-ons on $name", (backend) => {
  const db = useMigratedDb(backend);
  const actor = (user: CurrentUser, role: "admin" | "viewer"): TeamActor => ({
    user,
    team: { id: "t", slug: ns, displayName: ns, namespace: ns, maxWorkerNodes: null, role },
    audited: (change, write) =>
      audited(
        db(),
        { user: user.identity.user, email: user.email, requestId: "r" },
        { ...change, teamSlug: ns },
        write,
      ),
  });

  it("the catalog: only a platform admin may write its HelmChartProxies; the API server accepts them", async () => {
    await expect(
      setTeamAddons(alice.identity, ns, ["cert-manager"], { dryRun: false }),
    ).rejects.toMatchObject({
      status: 403,
    });
    expect(await addonOffersFor(ns)).toEqual([]);
    // A dry run is checked by the API server and stores nothing.
    await setTeamAddons(platformAdmin.identity, ns, ["cert-manager", "traefik", "letsencrypt"], {
      dryRun: true,
    });
    expect(await addonOffersFor(ns)).toEqual([]);
    const r = await setTeamAddons(platformAdmin.identity, ns, ["cert-manager", "traefik", "letsencrypt"], {
      dryRun: false,
    });
    expect(r).toEqual({ added: ["cert-manager", "traefik", "letsencrypt"], removed: [], updated: [] });
    const offers = await addonOffersFor(ns);
    expect(offers.map((o) => [o.id, o.chart.chartName, o.chart.version])).toEqual([
      ["cert-manager", "cert-manager", "v1.19.1"],
      ["traefik", "traefik", "37.2.0"],
      ["letsencrypt", "raw", "2.0.0"],
    ]);
    const hcp = await kubeRequest(
      kube,
      "GET",
      `/apis/addons.cluster.x-k8s.io/v1alpha1/namespaces/${ns}/helmchartproxies/letsencrypt`,
    );
    expect((hcp.body as { spec: unknown }).spec).toMatchObject({
      clusterSelector: { matchLabels: { "addons.kaas.scs.community/letsencrypt": "enabled" } },
      repoURL: "https://bedag.github.io/helm-charts",
      namespace: "cert-manager",
    });
  });

  it("the CRD refuses a repoURL that is neither https:// nor oci://", async () => {
    const res = await kubeRequest(
      kube,
      "POST",
      `/apis/addons.cluster.x-k8s.io/v1alpha1/namespaces/${ns}/helmchartproxies`,
      {
        apiVersion: "addons.cluster.x-k8s.io/v1alpha1",
        kind: "HelmChartProxy",
        metadata: { name: "plain-http" },
        spec: { clusterSelector: {}, repoURL: "http://charts.example.com", chartName: "x" },
      },
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain("repoURL must be https:// or oci://");
  });

  it("enabling: dependencies enforced, dry run stores nothing, the label and annotations written as the user, audited", async () => {
    await expect(
      changeClusterAddon(
        actor(alice, "admin"),
        {
          team: ns,
          name: CLUSTER,
          addon: "letsencrypt",
          enabled: true,
          settings: { email: "ops@example.com" },
        },
        { dryRun: false },
      ),
    ).rejects.toThrow(/needs cert-manager and an ingress \(Traefik ingress controller\)/);

    const review = await changeClusterAddon(
      actor(alice, "admin"),
      { team: ns, name: CLUSTER, addon: "cert-manager", enabled: true, settings: {} },
      { dryRun: true },
    );
    expect(review.kubectl).toEqual([
      `kubectl label --overwrite -n ${ns} cluster.cluster.x-k8s.io/${CLUSTER} addons.kaas.scs.community/cert-manager=enabled`,
    ]);
    expect((await clusterMeta()).labels?.["addons.kaas.scs.community/cert-manager"]).toBeUndefined();

    await changeClusterAddon(
      actor(alice, "admin"),
      { team: ns, name: CLUSTER, addon: "cert-manager", enabled: true, settings: {} },
      { dryRun: false },
    );
    await changeClusterAddon(
      actor(alice, "admin"),
      { team: ns, name: CLUSTER, addon: "traefik", enabled: true, settings: { "proxy-protocol": "true" } },
      { dryRun: false },
    );
    await changeClusterAddon(
      actor(alice, "admin"),
      {
        team: ns,
        name: CLUSTER,
        addon: "letsencrypt",
        enabled: true,
        settings: { email: "Ops@Example.com" },
      },
      { dryRun: false },
    );
    const meta = await clusterMeta();
    expect(
      Object.fromEntries(Object.entries(meta.labels ?? {}).filter(([k]) => k.startsWith("addons."))),
    ).toEqual({
      "addons.kaas.scs.community/cert-manager": "enabled",
      "addons.kaas.scs.community/traefik": "enabled",
      "addons.kaas.scs.community/letsencrypt": "enabled",
    });
    expect(
      Object.fromEntries(Object.entries(meta.annotations ?? {}).filter(([k]) => k.startsWith("addons."))),
    ).toEqual({
      "addons.kaas.scs.community/traefik-proxy-protocol": "true",
      "addons.kaas.scs.community/letsencrypt-email": "ops@example.com",
    });
    const { events } = await listAuditEvents(db(), { scope: { kind: "team", team: ns }, limit: 10 });
    expect(events.map((e) => [e.actor, e.action, e.details?.addon, e.outcome])).toEqual([
      ["oidc:alice", "cluster.addon.enable", "letsencrypt", "allowed"],
      ["oidc:alice", "cluster.addon.enable", "traefik", "allowed"],
      ["oidc:alice", "cluster.addon.enable", "cert-manager", "allowed"],
      ["oidc:alice", "cluster.addon.enable", "letsencrypt", "refused"],
    ]);
  });

  it("cert-manager cannot be disabled while the issuer needs it; a viewer is refused by the API server", async () => {
    await expect(
      changeClusterAddon(
        actor(alice, "admin"),
        { team: ns, name: CLUSTER, addon: "cert-manager", enabled: false },
        { dryRun: true },
      ),
    ).rejects.toThrow("Let's Encrypt issuer needs cert-manager: disable it first.");
    const refused = await changeClusterAddon(
      actor(erin, "viewer"),
      { team: ns, name: CLUSTER, addon: "letsencrypt", enabled: false },
      { dryRun: false },
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KubeError);
    expect((refused as KubeError).status).toBe(403);
    expect((refused as KubeError).message).toContain('User "oidc:erin" cannot patch resource "clusters"');
    expect((await clusterMeta()).labels?.["addons.kaas.scs.community/letsencrypt"]).toBe("enabled");
  });

  it("new settings of an enabled add-on are a configure change, audited as such", async () => {
    const review = await changeClusterAddon(
      actor(alice, "admin"),
      {
        team: ns,
        name: CLUSTER,
        addon: "letsencrypt",
        enabled: true,
        settings: { email: "ops@example.com", environment: "production" },
      },
      { dryRun: false },
    );
    expect(review.kubectl).toEqual([
      `kubectl annotate --overwrite -n ${ns} cluster.cluster.x-k8s.io/${CLUSTER} addons.kaas.scs.community/letsencrypt-environment=production`,
    ]);
    expect((await clusterMeta()).annotations?.["addons.kaas.scs.community/letsencrypt-environment"]).toBe(
      "production",
    );
    const { events } = await listAuditEvents(db(), { scope: { kind: "team", team: ns }, limit: 1 });
    expect(events.map((e) => [e.action, e.details?.addon, e.outcome])).toEqual([
      ["cluster.addon.configure", "letsencrypt", "allowed"],
    ]);
  });

  it("a HelmReleaseProxy named and labelled as the provider does is found for the cluster and its conditions read in words, live", async () => {
    const hub = watchHub();
    hub.start();
    const hcp = await kubeRequest(
      kube,
      "GET",
      `/apis/addons.cluster.x-k8s.io/v1alpha1/namespaces/${ns}/helmchartproxies/cert-manager`,
    );
    const hcpUid = (hcp.body as { metadata: { uid: string } }).metadata.uid;
    const created = await kubeRequest(
      kube,
      "POST",
      `/apis/addons.cluster.x-k8s.io/v1alpha1/namespaces/${ns}/helmreleaseproxies`,
      {
        apiVersion: "addons.cluster.x-k8s.io/v1alpha1",
        kind: "HelmReleaseProxy",
        metadata: {
          generateName: `cert-manager-${CLUSTER}-`,
          labels: {
            "cluster.x-k8s.io/cluster-name": CLUSTER,
            "helmreleaseproxy.addons.cluster.x-k8s.io/helmchartproxy-name": "cert-manager",
          },
          ownerReferences: [
            {
              apiVersion: "addons.cluster.x-k8s.io/v1alpha1",
              kind: "HelmChartProxy",
              name: "cert-manager",
              uid: hcpUid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: {
          clusterRef: {
            apiVersion: "cluster.x-k8s.io/v1beta2",
            kind: "Cluster",
            name: CLUSTER,
            namespace: ns,
          },
          repoURL: "https://charts.jetstack.io",
          chartName: "cert-manager",
          releaseName: "cert-manager",
          namespace: "cert-manager",
          version: "v1.19.1",
          values: "crds:\n  enabled: true\n",
        },
      },
    );
    expect(created.status).toBe(201);
    const name = (created.body as { metadata: { name: string } }).metadata.name;
    expect(name).toMatch(new RegExp(`^cert-manager-${CLUSTER}-[a-z0-9]{5}$`));

    const setStatus = (status: Record<string, unknown>) =>
      applyStatus(kube, {
        apiVersion: "addons.cluster.x-k8s.io/v1alpha1",
        kind: "HelmReleaseProxy",
        metadata: { name, namespace: ns },
        status,
      });
    /** The cluster page's row for the release, from what the hub holds (what streams get). */
    const rowSeen = async (want: (r: ReturnType<typeof addonRows>[number]) => boolean) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        // The hub keeps each object as the JSON it streams.
        const parsed = (kind: "clusters" | "helmReleaseProxies") =>
          (hub.list(kind, ns) ?? []).map((o) => JSON.parse(o.json) as unknown);
        const cluster = (parsed("clusters") as Cluster[]).find((c) => c.metadata.name === CLUSTER);
        if (cluster) {
          const objs = objectsOfCluster(cluster, { helmReleaseProxies: parsed("helmReleaseProxies") });
          const row = addonRows([], objs.helmReleaseProxies as HelmReleaseProxy[], [])[0];
          if (row && want(row)) return row;
        }
        if (Date.now() > deadline) throw new Error("the hub did not show the release in time");
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const t0 = new Date(Date.now() - 60_000).toISOString();
    await setStatus({
      conditions: [
        { type: "ClusterAvailable", status: "True", reason: "", lastTransitionTime: t0 },
        {
          type: "HelmReleaseReady",
          status: "False",
          reason: "PreparingToHelmInstall",
          message: "",
          lastTransitionTime: t0,
        },
        {
          type: "Ready",
          status: "False",
          reason: "PreparingToHelmInstall",
          message: "",
          lastTransitionTime: t0,
        },
      ],
    });
    const preparing = await rowSeen((r) => r.message !== null && r.state === "progressing");
    expect(preparing).toMatchObject({
      kind: "HelmReleaseProxy",
      name: "cert-manager",
      addon: "cert-manager",
      state: "progressing",
      message: "Preparing to install the Helm release",
    });

    const t1 = new Date().toISOString();
    await setStatus({
      status: "deployed",
      revision: 1,
      conditions: [
        { type: "ClusterAvailable", status: "True", reason: "", lastTransitionTime: t0 },
        { type: "HelmReleaseReady", status: "True", reason: "", lastTransitionTime: t1 },
        { type: "Ready", status: "True", reason: "", lastTransitionTime: t1 },
      ],
    });
    const deployed = await rowSeen((r) => r.state === "ready");
    expect(addonSummaryText(deployed.summaryParts)).toBe("v1.19.1 · deployed · revision 1");
    expect(deployed).toMatchObject({
      state: "ready",
      message: null,
      updatedAt: t1,
    });

    const t2 = new Date().toISOString();
    const failure =
      'Helm upgrade failed: context deadline exceeded waiting for Deployment "cert-manager-webhook"';
    await setStatus({
      status: "failed",
      revision: 2,
      conditions: [
        { type: "ClusterAvailable", status: "True", reason: "", lastTransitionTime: t0 },
        {
          type: "HelmReleaseReady",
          status: "False",
          reason: "HelmInstallOrUpgradeFailed",
          message: failure,
          lastTransitionTime: t2,
        },
        {
          type: "Ready",
          status: "False",
          reason: "HelmInstallOrUpgradeFailed",
          message: failure,
          lastTransitionTime: t2,
        },
      ],
    });
    const failed = await rowSeen((r) => r.state === "failed");
    expect(addonSummaryText(failed.summaryParts)).toBe("v1.19.1 · failed · revision 2");
    expect(failed).toMatchObject({
      state: "failed",
      message: `Helm install or upgrade failed: ${failure}`,
      updatedAt: t2,
    });
  });

  it("withdrawing an add-on from the team deletes its proxy (the provider then uninstalls it)", async () => {
    const r = await setTeamAddons(platformAdmin.identity, ns, ["cert-manager", "traefik"], { dryRun: false });
    expect(r).toEqual({ added: [], removed: ["letsencrypt"], updated: ["cert-manager", "traefik"] });
    expect((await addonOffersFor(ns)).map((o) => o.id)).toEqual(["cert-manager", "traefik"]);
    // ActionError for an id outside the catalog, before anything is written.
    await expect(
      setTeamAddons(platformAdmin.identity, ns, ["ingress-nginx"], { dryRun: false }),
    ).rejects.toBeInstanceOf(ActionError);
  });
});
