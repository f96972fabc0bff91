import { describe, expect, it } from "vitest";
import { mergePatchBetween } from "./merge-patch.ts";

/** RFC 7386's MergePatch, applied as the API server does, to check that a patch gives `after`. */
function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    typeof target === "object" && target !== null && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyMergePatch(out[key], value);
  }
  return out;
}

const topology = {
  classRef: { name: "openstack-scs-1-35-v1" },
  version: "v1.35.3",
  controlPlane: { replicas: 1, metadata: { labels: { a: "1" } } },
  workers: { machineDeployments: [{ name: "md-0", class: "default-worker", replicas: 2 }] },
  variables: [{ name: "flavor", value: "SCS-2V-4" }],
};

describe("mergePatchBetween", () => {
  it("names only what an upgrade changes", () => {
    const after = { ...topology, classRef: { name: "openstack-scs-1-35-v2" }, version: "v1.35.5" };
    expect(mergePatchBetween(topology, after)).toEqual({
      classRef: { name: "openstack-scs-1-35-v2" },
      version: "v1.35.5",
    });
  });

  it("patches nested objects key by key and replaces arrays whole, as merge patches must", () => {
    const after = {
      ...topology,
      controlPlane: { ...topology.controlPlane, replicas: 3 },
      workers: { machineDeployments: [{ name: "md-0", class: "default-worker", replicas: 4 }] },
    };
    const patch = mergePatchBetween(topology, after);
    expect(patch).toEqual({
      controlPlane: { replicas: 3 },
      workers: { machineDeployments: [{ name: "md-0", class: "default-worker", replicas: 4 }] },
    });
    expect(applyMergePatch(topology, patch)).toEqual(after);
  });

  it("removes dropped keys with null and gives an empty patch for no change", () => {
    const { variables: _gone, ...after } = topology;
    const patch = mergePatchBetween(topology, after);
    expect(patch).toEqual({ variables: null });
    expect(applyMergePatch(topology, patch)).toEqual(after);
    expect(mergePatchBetween(topology, structuredClone(topology))).toEqual({});
  });
});
