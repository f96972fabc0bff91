import { createHash } from "node:crypto";

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * A fingerprint of a cluster's topology: what scale and upgrade change. A change is based on the
 * fingerprint the user saw; if the topology is different when the change arrives, someone else
 * changed it meanwhile. Unlike resourceVersion or generation it ignores status updates and spec
 * fields controllers fill in (such as the control plane endpoint).
 */
export function topologyFingerprint(topology: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(stable(topology ?? null)))
    .digest("base64url");
}
