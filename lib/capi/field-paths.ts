import type { Cluster } from "../k8s/types.ts";

/**
 * The form field of an API server field path. Lists appear by index (`variables[2]`) in schema
 * errors and by name (`variables[sshKeyName]`) in Cluster API's webhook errors.
 */
export function formFieldOf(field: string, manifest: Cluster): string | null {
  const t = manifest.spec.topology;
  const v = /^spec\.topology\.variables\[([^\]]+)\](?:\.value)?\.?(.*)$/.exec(field);
  if (v) {
    const ref = v[1] ?? "";
    const name = /^\d+$/.test(ref) ? (t?.variables?.[Number(ref)]?.name ?? ref) : ref;
    return `variables.${name}${v[2] ? `.${v[2]}` : ""}`;
  }
  const md = /^spec\.topology\.workers\.machineDeployments\[([^\]]+)\]\.?(.*)$/.exec(field);
  if (md) {
    const ref = md[1] ?? "";
    const index = /^\d+$/.test(ref)
      ? Number(ref)
      : (t?.workers?.machineDeployments ?? []).findIndex((p) => p.name === ref);
    return index < 0 ? "workers" : `workers.${index}${md[2] ? `.${md[2]}` : ""}`;
  }
  if (field === "metadata.name") return "name";
  if (field === "spec.topology.version") return "version";
  if (field.startsWith("spec.topology.classRef")) return "className";
  if (field.startsWith("spec.topology.controlPlane")) return "controlPlaneReplicas";
  return null;
}

/** Drops the echoed value from `Invalid value: "…": reason`, keeping the reason. */
export function readableMessage(message: string): string {
  return message.replace(/^Invalid value: (?:"(?:[^"\\]|\\.)*"|\S+): /, "");
}
