/**
 * Acceptance tests of the local management plane, against the real plane (never mocks): a
 * Cluster goes through its whole life with the real Cluster API managers, and the API server
 * enforces the validation, impersonation, RBAC and quota rules the console relies on.
 *
 * Each run works in its own namespaces (`plane-test-<random>` and `…-quota`), created like a team
 * namespace and deleted at the end, so runs never see each other's objects or quota charges.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { adminCredentials, planeDir } from "./control.ts";
import {
  apply,
  type KubeCredentials,
  type KubeHeaders,
  type KubeObject,
  type KubeResponse,
  kubeRequest,
} from "./kube.ts";
import { applyTeamContent, applyTeamNamespace, demoCluster, waitQuotaComputed } from "./seed.ts";

const CLASS = "inmemory-scs-1-35-v1";
const CLUSTERS = "/apis/cluster.x-k8s.io/v1beta2";
const run = randomBytes(3).toString("hex");
const ns = `plane-test-${run}`;
// Quota admission charges creates that fail later in the chain (e.g. on a 409) until the quota
// controller's next resync, so the quota test gets a namespace no other test has created in.
const quotaNs = `${ns}-quota`;
const admin = adminCredentials();

type Condition = { type: string; status: string; reason?: string; message?: string };
type ClusterObject = KubeObject & {
  status?: {
    initialization?: { controlPlaneInitialized?: boolean };
    conditions?: Condition[];
    phase?: string;
  };
};
type MachineObject = KubeObject & {
  metadata: { labels?: Record<string, string> };
  status?: { phase?: string; nodeRef?: { name?: string } };
};
/** The part of a demo Cluster manifest the invalid-spec cases edit. */
type ClusterTopologySpec = KubeObject & {
  spec: {
    topology: {
      version: string;
      classRef: { name: string };
      controlPlane: { replicas: number };
      // demoCluster writes exactly one pool, md-0.
      workers: { machineDeployments: [{ name: string; class: string; replicas: number }] };
    };
  };
};
type Status = { message?: string; details?: { causes?: { field?: string; message?: string }[] } };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)}s`;

/**
 * Polls `check` once a second until it reports done; fails after `timeoutMs` with the last
 * observed state, so a timeout says how far provisioning got rather than just "timed out".
 */
async function waitFor(
  what: string,
  timeoutMs: number,
  check: () => Promise<{ done: boolean; state: string }>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "nothing observed yet";
  for (;;) {
    const r = await check();
    last = r.state;
    if (r.done) return;
    if (Date.now() > deadline)
      throw new Error(`${what}: not reached after ${timeoutMs / 1000}s; last state: ${last}`);
    await sleep(1000);
  }
}

function clustersPath(namespace: string, name?: string): string {
  return `${CLUSTERS}/namespaces/${namespace}/clusters${name ? `/${name}` : ""}`;
}

/** Credentials from a kubeconfig with embedded data, read like a client would: via current-context. */
function credentialsFromKubeconfig(path: string): KubeCredentials {
  type Kubeconfig = {
    "current-context": string;
    contexts: { name: string; context: { cluster: string; user: string } }[];
    clusters: { name: string; cluster: { server: string; "certificate-authority-data": string } }[];
    users: { name: string; user: { "client-certificate-data": string; "client-key-data": string } }[];
  };
  const kc = parse(readFileSync(path, "utf8")) as Kubeconfig;
  const ctx = kc.contexts.find((c) => c.name === kc["current-context"])?.context;
  const cluster = kc.clusters.find((c) => c.name === ctx?.cluster)?.cluster;
  const user = kc.users.find((u) => u.name === ctx?.user)?.user;
  if (!cluster || !user) throw new Error(`${path}: current-context does not resolve to a cluster and a user`);
  const b64 = (s: string) => Buffer.from(s, "base64");
  return {
    server: cluster.server,
    ca: b64(cluster["certificate-authority-data"]),
    cert: b64(user["client-certificate-data"]),
    key: b64(user["client-key-data"]),
  };
}

function condition(obj: ClusterObject | undefined, type: string): Condition | undefined {
  return obj?.status?.conditions?.find((c) => c.type === type);
}

async function getCluster(namespace: string, name: string): Promise<ClusterObject | undefined> {
  const res = await kubeRequest(admin, "GET", clustersPath(namespace, name));
  if (res.status === 404) return undefined;
  expect(res.status, res.text).toBe(200);
  return res.body as ClusterObject;
}

async function machinesOf(namespace: string, cluster: string): Promise<MachineObject[]> {
  const selector = encodeURIComponent(`cluster.x-k8s.io/cluster-name=${cluster}`);
  const res = await kubeRequest(
    admin,
    "GET",
    `${CLUSTERS}/namespaces/${namespace}/machines?labelSelector=${selector}`,
  );
  expect(res.status, res.text).toBe(200);
  return (res.body as { items: MachineObject[] }).items;
}

const isUp = (m: MachineObject) => m.status?.phase === "Running" && Boolean(m.status.nodeRef?.name);
const describeMachines = (ms: MachineObject[]) =>
  ms
    .map((m) => `${m.metadata.name}=${m.status?.phase ?? "?"}${m.status?.nodeRef?.name ? "+node" : ""}`)
    .join(", ") || "none";

/** Waits until exactly `count` Machines of the cluster are Running and have a Node. */
async function waitMachinesUp(
  namespace: string,
  cluster: string,
  count: number,
  timeoutMs: number,
): Promise<MachineObject[]> {
  let machines: MachineObject[] = [];
  await waitFor(`${count} running machines of ${namespace}/${cluster}`, timeoutMs, async () => {
    machines = await machinesOf(namespace, cluster);
    return { done: machines.length === count && machines.every(isUp), state: describeMachines(machines) };
  });
  return machines;
}

/** Impersonation headers; groups go as one header line each, as Kubernetes requires. */
function impersonate(user: string, groups: string[]): KubeHeaders {
  return { "Impersonate-User": user, "Impersonate-Group": groups };
}

/** The server's message plus the fields its `causes` name, where a field error is reported. */
function refusal(res: KubeResponse): { message: string; fields: string[] } {
  const st = res.body as Status;
  return { message: st.message ?? res.text, fields: (st.details?.causes ?? []).map((c) => c.field ?? "") };
}

async function deleteNamespace(name: string): Promise<void> {
  const res = await kubeRequest(admin, "DELETE", `/api/v1/namespaces/${name}`);
  if (res.status !== 200 && res.status !== 202 && res.status !== 404) {
    console.warn(`cleanup: deleting namespace ${name} answered ${res.status} ${res.text}`);
  }
}

beforeAll(async () => {
  for (const slug of [ns, quotaNs]) {
    await applyTeamNamespace(admin, {
      slug,
      admins: "plane-test-admins",
      members: "plane-test",
      viewers: "plane-test-viewers",
      clusterQuota: 10,
    });
    await applyTeamContent(admin, slug);
  }
});

afterAll(async () => {
  await deleteNamespace(ns);
  await deleteNamespace(quotaNs);
  // Deleting a namespace with Clusters waits for Cluster API to tear them down; give it a short
  // while so a run usually leaves nothing behind, but do not hold the suite up for it.
  const deadline = Date.now() + 30_000;
  let left: string[] = [];
  while (Date.now() < deadline) {
    left = [];
    for (const name of [ns, quotaNs]) {
      if ((await kubeRequest(admin, "GET", `/api/v1/namespaces/${name}`)).status !== 404) left.push(name);
    }
    if (!left.length) return;
    await sleep(1000);
  }
  console.log(
    `cleanup: namespace(s) ${left.join(", ")} still terminating; the namespace controller finishes them`,
  );
}, 60_000);

describe("cluster lifecycle on the real Cluster API managers", () => {
  test("create → provisioned → scale the worker pool → delete", async () => {
    const name = "lifecycle";
    const created = Date.now();
    const res = await kubeRequest(admin, "POST", clustersPath(ns), demoCluster(ns, name, CLASS, 2, 1));
    expect(res.status, res.text).toBe(201);

    // v1beta2 Clusters carry `Available` (which folds in control plane, workers and the remote
    // connection probe) and `ControlPlaneAvailable`; both must be True for "provisioned".
    // When each milestone was first seen, so a slow run shows which step took the time.
    const seen = new Map<string, string>();
    const mark = (milestone: string, reached: boolean) => {
      if (reached && !seen.has(milestone)) seen.set(milestone, seconds(created));
    };
    await waitFor(`cluster ${ns}/${name} available`, 180_000, async () => {
      const c = await getCluster(ns, name);
      const available = condition(c, "Available");
      const cpAvailable = condition(c, "ControlPlaneAvailable");
      mark("InfrastructureReady", condition(c, "InfrastructureReady")?.status === "True");
      mark("controlPlaneInitialized", c?.status?.initialization?.controlPlaneInitialized === true);
      mark("ControlPlaneAvailable", cpAvailable?.status === "True");
      mark("Available", available?.status === "True");
      return {
        done:
          c?.status?.initialization?.controlPlaneInitialized === true &&
          available?.status === "True" &&
          cpAvailable?.status === "True",
        state: `phase=${c?.status?.phase} initialized=${c?.status?.initialization?.controlPlaneInitialized} Available=${available?.status}(${available?.message ?? ""}) ControlPlaneAvailable=${cpAvailable?.status}`,
      };
    });
    const machines = await waitMachinesUp(ns, name, 3, 120_000);
    // One control plane machine (the KubeadmControlPlane's) and two of the md-0 pool.
    expect(
      machines.filter((m) => m.metadata.labels?.["cluster.x-k8s.io/control-plane"] !== undefined),
    ).toHaveLength(1);
    expect(machines.filter((m) => m.metadata.labels?.["cluster.x-k8s.io/deployment-name"])).toHaveLength(2);
    const steps = [...seen].map(([m, t]) => `${m} ${t}`).join(", ");
    console.log(
      `lifecycle: created → provisioned (Available, 3 machines running) in ${seconds(created)} [${steps}]`,
    );

    const scaled = Date.now();
    // A merge patch would replace the whole machineDeployments list; a JSON patch changes the one
    // field, and its `test` op makes sure index 0 still is the md-0 pool.
    const patch = await kubeRequest(
      admin,
      "PATCH",
      clustersPath(ns, name),
      [
        { op: "test", path: "/spec/topology/workers/machineDeployments/0/name", value: "md-0" },
        { op: "replace", path: "/spec/topology/workers/machineDeployments/0/replicas", value: 3 },
      ],
      "application/json-patch+json",
    );
    expect(patch.status, patch.text).toBe(200);
    await waitMachinesUp(ns, name, 4, 180_000);
    console.log(`lifecycle: scale md-0 2 → 3 (4 machines running) in ${seconds(scaled)}`);

    const deleting = Date.now();
    const del = await kubeRequest(admin, "DELETE", clustersPath(ns, name));
    expect([200, 202], del.text).toContain(del.status);
    await waitFor(`cluster ${ns}/${name} and its machines gone`, 180_000, async () => {
      const c = await getCluster(ns, name);
      const ms = await machinesOf(ns, name);
      return {
        done: !c && ms.length === 0,
        state: `cluster ${c ? "present" : "gone"}; machines: ${describeMachines(ms)}`,
      };
    });
    console.log(`lifecycle: delete (cluster and machines gone) in ${seconds(deleting)}`);
  }, 600_000);
});

describe("the API server enforces what the console relies on", () => {
  const consoleCreds = credentialsFromKubeconfig(join(planeDir(), "console.kubeconfig"));

  test.each([
    {
      what: "a name that is no DNS subdomain",
      edit: (c: ClusterTopologySpec) => {
        c.metadata.name = "Bad_Name";
      },
      field: "metadata.name",
    },
    {
      what: "a worker pool name with invalid characters (CRD schema)",
      edit: (c: ClusterTopologySpec) => {
        c.spec.topology.workers.machineDeployments[0].name = "Pool_1";
      },
      field: "spec.topology.workers.machineDeployments[0].name",
    },
    {
      what: "a worker class the ClusterClass does not define (Cluster API webhook)",
      edit: (c: ClusterTopologySpec) => {
        c.spec.topology.workers.machineDeployments[0].class = "no-such-worker";
      },
      field: "spec.topology.workers.machineDeployments[0].class",
    },
    {
      what: "a Kubernetes version the ClusterClass does not offer (Cluster API webhook)",
      edit: (c: ClusterTopologySpec) => {
        c.spec.topology.version = "v1.99.0";
      },
      field: "spec.topology.version",
    },
  ])("rejects a Cluster with $what, naming the field", async ({ edit, field }) => {
    const cluster = demoCluster(
      ns,
      `invalid-${randomBytes(3).toString("hex")}`,
      CLASS,
      1,
      1,
    ) as ClusterTopologySpec;
    edit(cluster);
    const res = await kubeRequest(admin, "POST", clustersPath(ns), cluster);
    expect(res.status, res.text).toBe(422);
    const { message, fields } = refusal(res);
    expect(message).toContain(field);
    expect(fields).toContain(field);
  });

  test("does not enforce replica bounds or the class's existence, so the console must", async () => {
    // Characterises Cluster API v1.14: `replicas` has no minimum in the CRD and the webhook allows
    // Clusters whose ClusterClass does not exist yet (GitOps creates them in any order). Dry run,
    // so nothing is stored. If this starts failing, the server got stricter: good news.
    const negative = demoCluster(ns, "negative-replicas", CLASS, 1, 1) as ClusterTopologySpec;
    negative.spec.topology.controlPlane.replicas = -1;
    const missingClass = demoCluster(ns, "missing-class", CLASS, 1, 1) as ClusterTopologySpec;
    missingClass.spec.topology.classRef.name = "no-such-class";
    for (const c of [negative, missingClass]) {
      const res = await kubeRequest(admin, "POST", `${clustersPath(ns)}?dryRun=All`, c);
      expect(res.status, res.text).toBe(201);
    }
  });

  test("the console identity impersonating a team member reaches only that team", async () => {
    const bob = impersonate("oidc:bob", ["oidc:team-a"]);
    const own = await kubeRequest(consoleCreds, "GET", clustersPath("team-a"), undefined, undefined, bob);
    expect(own.status, own.text).toBe(200);
    expect((own.body as { kind: string }).kind).toBe("ClusterList");
    const other = await kubeRequest(consoleCreds, "GET", clustersPath("team-b"), undefined, undefined, bob);
    expect(other.status, other.text).toBe(403);
    // The console may list clusters everywhere itself: the refusal must be bob's, not the console's.
    expect(refusal(other).message).toContain('User "oidc:bob" cannot list resource "clusters"');
  });

  test("repeated Impersonate-Group lines are two groups; a comma-joined line is one", async () => {
    const both = impersonate("oidc:bob", ["oidc:team-b", "oidc:team-a"]);
    for (const team of ["team-a", "team-b"]) {
      const res = await kubeRequest(consoleCreds, "GET", clustersPath(team), undefined, undefined, both);
      expect(res.status, `${team}: ${res.text}`).toBe(200);
    }
    // Kubernetes does not split group headers on commas: joining them yields one unknown group.
    const joined = { "Impersonate-User": "oidc:bob", "Impersonate-Group": "oidc:team-b,oidc:team-a" };
    for (const team of ["team-a", "team-b"]) {
      const res = await kubeRequest(consoleCreds, "GET", clustersPath(team), undefined, undefined, joined);
      expect(res.status, `${team}: ${res.text}`).toBe(403);
    }
  });

  test("the console identity itself cannot create Clusters; a team viewer cannot either", async () => {
    const attempts: { who: string; headers: KubeHeaders; user: string }[] = [
      { who: "console", headers: {}, user: "kaas-console" },
      { who: "viewer", headers: impersonate("oidc:bob", ["oidc:team-a-viewers"]), user: "oidc:bob" },
    ];
    for (const a of attempts) {
      const name = `plane-test-${run}-${a.who}`;
      const res = await kubeRequest(
        consoleCreds,
        "POST",
        clustersPath("team-a"),
        demoCluster("team-a", name, CLASS, 1, 1),
        undefined,
        a.headers,
      );
      // team-a is shared with the demo: should RBAC ever let this through, take it away again.
      if (res.status === 201) await kubeRequest(admin, "DELETE", clustersPath("team-a", name));
      expect(res.status, `${a.who}: ${res.text}`).toBe(403);
      expect(refusal(res).message).toContain(`User "${a.user}" cannot create resource "clusters"`);
    }
  });
});

describe("cluster quota", () => {
  test("a second Cluster beyond a quota of 1 is refused with 403 exceeded quota", async () => {
    await apply(admin, {
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: { name: "kaas-clusters", namespace: quotaNs },
      spec: { hard: { "count/clusters.cluster.x-k8s.io": "1" } },
    });
    // Admission checks against the quota's status, so wait until the controller has taken the
    // new hard limit over, not only until usage is computed.
    await waitFor(`quota ${quotaNs}/kaas-clusters hard=1`, 60_000, async () => {
      const res = await kubeRequest(
        admin,
        "GET",
        `/api/v1/namespaces/${quotaNs}/resourcequotas/kaas-clusters`,
      );
      const hard = (res.body as { status?: { hard?: Record<string, string> } }).status?.hard;
      const value = hard?.["count/clusters.cluster.x-k8s.io"];
      return { done: value === "1", state: `status.hard=${value}` };
    });
    await waitQuotaComputed(admin, quotaNs, "kaas-clusters");

    const first = await kubeRequest(
      admin,
      "POST",
      clustersPath(quotaNs),
      demoCluster(quotaNs, "first", CLASS, 1, 1),
    );
    expect(first.status, first.text).toBe(201);
    const second = await kubeRequest(
      admin,
      "POST",
      clustersPath(quotaNs),
      demoCluster(quotaNs, "second", CLASS, 1, 1),
    );
    expect(second.status, second.text).toBe(403);
    expect(refusal(second).message).toContain("exceeded quota");
    expect(refusal(second).message).toContain("count/clusters.cluster.x-k8s.io");
  });
});
