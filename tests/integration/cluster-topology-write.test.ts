/**
 * Scale and upgrade write `spec.topology` guarded by the generation the change was computed from
 * (lib/k8s/clusters.ts replaceClusterTopology), against the real API server and Cluster API's
 * webhooks: the controllers' metadata and status writes in between do not refuse the change, a
 * spec change in between does, and the webhooks' own refusals still name their fields.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { adminCredentials, planeDir } from "@/dev/plane/control.ts";
import { kubeRequest } from "@/dev/plane/kube.ts";
import { applyTeamContent } from "@/dev/plane/seed.ts";
import { clusterManifest } from "@/lib/capi/cluster-manifest.ts";
import { ClusterSpecChanged, createCluster, getCluster, replaceClusterTopology } from "@/lib/k8s/clusters.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import { kubeIdentity } from "@/lib/k8s/identity.ts";
import { createAliceAdminNamespace, deleteNamespace } from "./support/team-namespace.ts";

process.env.KUBECONFIG = join(planeDir(), "console.kubeconfig");

const ns = `topology-${randomBytes(3).toString("hex")}`;
const admin = adminCredentials();
const alice = kubeIdentity("alice", []);
const clusterPath = (name: string) => `/apis/cluster.x-k8s.io/v1beta2/namespaces/${ns}/clusters/${name}`;

beforeAll(async () => {
  await createAliceAdminNamespace(ns);
  // The demo stack's classes and templates: the webhooks check an update against its class.
  await applyTeamContent(admin, ns);
});
afterAll(() => deleteNamespace(ns));

async function newCluster(name: string) {
  const manifest = clusterManifest(ns, {
    team: ns,
    name,
    className: "inmemory-scs-1-35-v1",
    version: "v1.35.3",
    controlPlaneReplicas: 1,
    workers: [
      { name: "md-0", class: "default-worker", replicas: 1, autoscaling: null, labels: {}, taints: [] },
    ],
    variables: {},
  });
  await createCluster(alice, ns, manifest, { dryRun: false });
  return getCluster(alice, ns, name);
}

/** An administrator's merge patch, as a controller or another user would write. */
async function adminPatch(name: string, body: unknown) {
  const res = await kubeRequest(admin, "PATCH", clusterPath(name), body, "application/merge-patch+json");
  return res;
}

const replicas = (c: { spec: { topology?: { controlPlane?: { replicas?: number } } } }) =>
  c.spec.topology?.controlPlane?.replicas;

test("a label written after the read does not refuse the change, though it would fail a resourceVersion precondition", async () => {
  const read = await newCluster("churn");
  await adminPatch("churn", { metadata: { labels: { "example.test/touched": "1" } } });

  // What the console did before: the read's resourceVersion as precondition answers 409.
  const stale = await adminPatch("churn", {
    metadata: { resourceVersion: read.metadata.resourceVersion },
    spec: { topology: { controlPlane: { replicas: 3 } } },
  });
  expect(stale.status).toBe(409);

  const topology = {
    ...read.spec.topology,
    controlPlane: { ...read.spec.topology?.controlPlane, replicas: 3 },
  };
  await replaceClusterTopology(alice, ns, "churn", read.metadata.generation ?? 0, topology, {
    dryRun: false,
  });
  const after = await getCluster(alice, ns, "churn");
  expect(replicas(after)).toBe(3);
  expect(after.metadata.labels?.["example.test/touched"]).toBe("1");
});

test("a spec change after the read refuses it as ClusterSpecChanged and keeps the other writer's change", async () => {
  const read = await newCluster("raced");
  await adminPatch("raced", { spec: { topology: { controlPlane: { replicas: 5 } } } });

  const topology = {
    ...read.spec.topology,
    controlPlane: { ...read.spec.topology?.controlPlane, replicas: 3 },
  };
  await expect(
    replaceClusterTopology(alice, ns, "raced", read.metadata.generation ?? 0, topology, { dryRun: false }),
  ).rejects.toBeInstanceOf(ClusterSpecChanged);
  expect(replicas(await getCluster(alice, ns, "raced"))).toBe(5);
});

test("a dry run stores nothing, and Cluster API's refusal still names its field", async () => {
  const read = await newCluster("checked");
  const generation = read.metadata.generation ?? 0;
  const scaled = {
    ...read.spec.topology,
    controlPlane: { ...read.spec.topology?.controlPlane, replicas: 3 },
  };
  const answer = await replaceClusterTopology(alice, ns, "checked", generation, scaled, { dryRun: true });
  expect(replicas(answer)).toBe(3);
  expect(replicas(await getCluster(alice, ns, "checked"))).toBe(1);

  const invalid = { ...read.spec.topology, version: "not-a-version" };
  const refusal = await replaceClusterTopology(alice, ns, "checked", generation, invalid, {
    dryRun: true,
  }).catch((err: unknown) => err);
  expect(refusal).toBeInstanceOf(KubeError);
  expect(refusal).not.toBeInstanceOf(ClusterSpecChanged);
  expect(JSON.stringify((refusal as KubeError).details)).toContain("spec.topology.version");
});
