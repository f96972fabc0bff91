import { describe, expect, it } from "vitest";
import { classOffers, upgradeTargets } from "./class-catalog.ts";

const cls = (name: string, versions: string[] = []) => ({
  metadata: { name },
  spec: { kubernetesVersions: versions, workers: { machineDeployments: [{ class: "default-worker" }] } },
});
const rel = (name: string, v: string) => ({
  metadata: { name },
  status: { kubernetesVersion: v, ready: true },
});

describe("classOffers", () => {
  it("describes Cluster Stacks classes by stack and release and takes the release's version", () => {
    const [offer] = classOffers(
      [cls("openstack-scs2-1-33-v2", ["v1.33.1"])],
      [rel("openstack-scs2-1-33-v2", "v1.33.10")],
    );
    expect(offer).toMatchObject({ stack: "openstack-scs2-1-33", release: "v2", versions: ["v1.33.10"] });
    expect(offer?.workerClasses).toEqual([{ name: "default-worker", description: null }]);
  });

  it("keeps other classes with their own versions, sorted", () => {
    const [offer] = classOffers([cls("in-memory", ["v1.36.0", "v1.35.2"])], []);
    expect(offer).toMatchObject({ stack: null, release: null, versions: ["v1.35.2", "v1.36.0"] });
  });
});

describe("upgradeTargets", () => {
  const offers = classOffers(
    [
      cls("inmemory-scs-1-35-v1"),
      cls("inmemory-scs-1-35-v2"),
      cls("inmemory-scs-1-36-v1"),
      cls("inmemory-scs-1-37-v1"),
      cls("other-class", ["v1.36.0"]),
    ],
    [
      rel("inmemory-scs-1-35-v1", "v1.35.3"),
      rel("inmemory-scs-1-35-v2", "v1.35.5"),
      rel("inmemory-scs-1-36-v1", "v1.36.3"),
      rel("inmemory-scs-1-37-v1", "v1.37.1"),
    ],
  );

  it("offers newer releases of the same stack, one minor at a time", () => {
    expect(upgradeTargets(offers, "inmemory-scs-1-35-v1", "v1.35.3").map((t) => t.className)).toEqual([
      "inmemory-scs-1-35-v2",
      "inmemory-scs-1-36-v1",
    ]);
  });

  it("offers nothing newer than what exists", () => {
    expect(upgradeTargets(offers, "inmemory-scs-1-37-v1", "v1.37.1")).toEqual([]);
  });
});
