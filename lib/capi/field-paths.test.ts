import { describe, expect, it } from "vitest";
import type { Cluster } from "../k8s/types.ts";
import { formFieldOf, readableMessage } from "./field-paths.ts";

const manifest = {
  apiVersion: "cluster.x-k8s.io/v1beta2",
  kind: "Cluster",
  metadata: { name: "c" },
  spec: {
    topology: {
      classRef: { name: "k" },
      version: "v1.35.3",
      workers: {
        machineDeployments: [
          { class: "w", name: "md-0" },
          { class: "w", name: "batch" },
        ],
      },
      variables: [
        { name: "workerFlavor", value: "x" },
        { name: "oidcConfig", value: {} },
      ],
    },
  },
} as Cluster;

describe("formFieldOf", () => {
  it.each([
    ["spec.topology.variables[sshKeyName].value", "variables.sshKeyName"],
    ["spec.topology.variables[1].value.issuerURL", "variables.oidcConfig.issuerURL"],
    ["spec.topology.workers.machineDeployments[0].name", "workers.0.name"],
    ["spec.topology.workers.machineDeployments[batch].class", "workers.1.class"],
    ["spec.topology.version", "version"],
    ["metadata.name", "name"],
    ["spec.paused", null],
  ])("maps %s to %s", (field, expected) => {
    expect(formFieldOf(field, manifest)).toBe(expected);
  });
});

describe("readableMessage", () => {
  it("drops the echoed value and keeps the reason", () => {
    expect(readableMessage('Invalid value: "\\"my key\\"": keypair names contain no spaces')).toBe(
      "keypair names contain no spaces",
    );
    expect(readableMessage("Required value")).toBe("Required value");
  });
});
