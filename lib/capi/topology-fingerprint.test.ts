import { describe, expect, it } from "vitest";
import { topologyFingerprint } from "./topology-fingerprint.ts";

describe("topologyFingerprint", () => {
  it("ignores key order but not values", () => {
    const a = { version: "v1.35.3", controlPlane: { replicas: 1 } };
    const b = { controlPlane: { replicas: 1 }, version: "v1.35.3" };
    expect(topologyFingerprint(a)).toBe(topologyFingerprint(b));
    expect(topologyFingerprint(a)).not.toBe(topologyFingerprint({ ...a, controlPlane: { replicas: 3 } }));
  });
});
