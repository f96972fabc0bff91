import { describe, expect, it } from "vitest";
import { createClusterInput } from "../validation/cluster.ts";
import {
  AUTOSCALER_MAX,
  AUTOSCALER_MIN,
  clusterManifest,
  kubectlDeleteCommand,
  kubectlPatchCommand,
  poolsOf,
  workerNodes,
} from "./cluster-manifest.ts";

const input = createClusterInput.parse({
  team: "team-a",
  name: "shop",
  className: "inmemory-scs-1-35-v1",
  version: "v1.35.3",
  controlPlaneReplicas: 3,
  workers: [
    { name: "md-0", class: "default-worker", replicas: 2, labels: { tier: "web" } },
    {
      name: "batch",
      class: "highmem-worker",
      replicas: 1,
      autoscaling: { min: 1, max: 4 },
      taints: [{ key: "dedicated", value: "batch", effect: "NoSchedule" }],
    },
  ],
  variables: { workerFlavor: "SCS-2V-4", sshKeyName: "" },
});

describe("clusterManifest", () => {
  it("writes a v1beta2 topology with pools, autoscaler bounds, taints and the set variables", () => {
    const c = clusterManifest("team-a", input);
    expect(c.metadata).toEqual({ name: "shop", namespace: "team-a" });
    expect(c.spec.topology).toMatchObject({
      classRef: { name: "inmemory-scs-1-35-v1" },
      version: "v1.35.3",
      controlPlane: { replicas: 3 },
      variables: [{ name: "workerFlavor", value: "SCS-2V-4" }],
    });
    const [web, batch] = c.spec.topology?.workers?.machineDeployments ?? [];
    expect(web).toEqual({
      class: "default-worker",
      name: "md-0",
      replicas: 2,
      metadata: { labels: { tier: "web" } },
    });
    expect(batch?.metadata?.annotations).toEqual({ [AUTOSCALER_MIN]: "1", [AUTOSCALER_MAX]: "4" });
    expect(batch).toMatchObject({
      taints: [{ key: "dedicated", value: "batch", effect: "NoSchedule", propagation: "Always" }],
    });
  });

  it("reads the pools back as form input and counts worker nodes (autoscaled at their maximum)", () => {
    const pools = poolsOf(clusterManifest("team-a", input));
    expect(pools).toEqual(input.workers);
    expect(workerNodes(pools)).toBe(2 + 4);
  });
});

describe("createClusterInput", () => {
  it("refuses invalid names, even control planes and duplicate pools", () => {
    const r = createClusterInput.safeParse({
      ...input,
      name: "Bad_Name",
      controlPlaneReplicas: 2,
      workers: [input.workers[0], input.workers[0]],
    });
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["name", "controlPlaneReplicas", "workers"]));
  });
});

describe("kubectl equivalents of the cluster page's changes", () => {
  it("patch sends the same merge patch, quoted as one shell word whatever the JSON holds", () => {
    const patch = {
      spec: { topology: { version: "v1.35.5", variables: [{ name: "motd", value: "it's up" }] } },
    };
    const line = kubectlPatchCommand("team-a", "web-prod", patch);
    expect(
      line.startsWith("kubectl patch -n team-a cluster.cluster.x-k8s.io/web-prod --type merge -p '"),
    ).toBe(true);
    // The shell's reading of the single-quoted word: '\'' stands for one quote.
    const word = line.slice(line.indexOf("-p '") + 4, -1).replaceAll(`'\\''`, "'");
    expect(JSON.parse(word)).toEqual(patch);
  });

  it("delete names the cluster in the team's namespace", () => {
    expect(kubectlDeleteCommand("team-a", "web-prod")).toBe(
      "kubectl delete -n team-a cluster.cluster.x-k8s.io/web-prod",
    );
  });
});
